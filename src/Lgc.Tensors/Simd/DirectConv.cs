using System.Runtime.CompilerServices;

namespace Lgc.Tensors.Simd;

/// <summary>
/// A small int as a type (kernel strides, tile counts), so the JIT folds it into addresses and
/// drops dead branches; a runtime int there makes it spill the accumulators.
/// </summary>
internal interface IConst { static abstract int N { get; } }
internal struct Const1 : IConst { public static int N => 1; }
internal struct Const2 : IConst { public static int N => 2; }

/// <summary>Where one run of output pixels reads and writes.</summary>
internal unsafe readonly struct ConvGeom
{
    public readonly int Cin, XPlane, XW, Kh, Kw, Stride, DstPlane;
    public ConvGeom(int cin, int xPlane, int xw, int kh, int kw, int stride, int dstPlane)
    {
        Cin = cin; XPlane = xPlane; XW = xw; Kh = kh; Kw = kw; Stride = stride; DstPlane = dstPlane;
    }
}

/// <summary>
/// Direct convolution over a zero-padded input, vectorised over output channels: one vector
/// accumulator holds L output channels of one pixel, weights are pre-packed [ci][kh][kw][L] per
/// channel block, and eight pixels share each weight load (8 FMAs per 1 load + 8 broadcasts).
/// No bounds checks in the inner loop: the caller padded the input so every tap is in range.
/// </summary>
internal static unsafe class DirectConv
{
    /// <summary>
    /// Computes <paramref name="count"/> output pixels of one row for one channel block.
    /// x0: padded input (channel 0) at the top-left tap of pixel 0; pixel j starts at x0 + j * stride.
    /// dst0: output of lane 0 at pixel 0; pixel j at dst0 + j * dstStep, lane c at + c * DstPlane.
    /// </summary>
    public static void Row<V>(in ConvGeom g, float* w, float* bias, float* x0, int count, float* dst0, int dstStep, int validLanes)
        where V : struct, IVec<V>
    {
        int j = 0;
        if (g.Stride == 1) j = Row8<V, Const1>(g, w, bias, x0, count, dst0, dstStep, validLanes);
        else if (g.Stride == 2) j = Row8<V, Const2>(g, w, bias, x0, count, dst0, dstStep, validLanes);
        for (; j < count; j++)
            Pixel<V>(g, w, bias, x0 + j * g.Stride, dst0 + j * dstStep, validLanes);
    }

    private static int Row8<V, S>(in ConvGeom g, float* w, float* bias, float* x0, int count, float* dst0, int dstStep, int validLanes)
        where V : struct, IVec<V> where S : struct, IConst
    {
        int L = V.Lanes, s = S.N;
        float* tmp = stackalloc float[8 * 16];
        int j = 0;
        for (; j + 8 <= count; j += 8)
        {
            V b = V.Load(ref *bias);
            V a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
            float* wp = w;
            float* xc = x0 + j * s;
            for (int ci = 0; ci < g.Cin; ci++, xc += g.XPlane)
            {
                float* xr = xc;
                for (int ky = 0; ky < g.Kh; ky++, xr += g.XW)
                {
                    for (int kx = 0; kx < g.Kw; kx++, wp += L)
                    {
                        V wv = V.Load(ref *wp);
                        float* xp = xr + kx;
                        a0 = V.MulAddSplat(wv, xp[0], a0);
                        a1 = V.MulAddSplat(wv, xp[s], a1);
                        a2 = V.MulAddSplat(wv, xp[2 * s], a2);
                        a3 = V.MulAddSplat(wv, xp[3 * s], a3);
                        a4 = V.MulAddSplat(wv, xp[4 * s], a4);
                        a5 = V.MulAddSplat(wv, xp[5 * s], a5);
                        a6 = V.MulAddSplat(wv, xp[6 * s], a6);
                        a7 = V.MulAddSplat(wv, xp[7 * s], a7);
                    }
                }
            }
            V.Store(ref tmp[0], a0); V.Store(ref tmp[L], a1); V.Store(ref tmp[2 * L], a2); V.Store(ref tmp[3 * L], a3);
            V.Store(ref tmp[4 * L], a4); V.Store(ref tmp[5 * L], a5); V.Store(ref tmp[6 * L], a6); V.Store(ref tmp[7 * L], a7);
            Scatter(tmp, L, 8, dst0 + j * dstStep, dstStep, g.DstPlane, validLanes);
        }
        return j;
    }

    private static void Pixel<V>(in ConvGeom g, float* w, float* bias, float* x0, float* dst, int validLanes) where V : struct, IVec<V>
    {
        int L = V.Lanes;
        float* tmp = stackalloc float[16];
        V a = V.Load(ref *bias);
        float* wp = w;
        float* xc = x0;
        for (int ci = 0; ci < g.Cin; ci++, xc += g.XPlane)
        {
            float* xr = xc;
            for (int ky = 0; ky < g.Kh; ky++, xr += g.XW)
                for (int kx = 0; kx < g.Kw; kx++, wp += L)
                    a = V.MulAddSplat(V.Load(ref *wp), xr[kx], a);
        }
        V.Store(ref tmp[0], a);
        Scatter(tmp, L, 1, dst, 0, g.DstPlane, validLanes);
    }

    /// <summary>Transposes [pixel][lane] accumulators into CHW output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(float* tmp, int lanes, int pixels, float* dst, int dstStep, int dstPlane, int validLanes)
    {
        for (int c = 0; c < validLanes; c++)
        {
            float* d = dst + (nint)c * dstPlane;
            for (int p = 0; p < pixels; p++) d[p * dstStep] = tmp[p * lanes + c];
        }
    }

    /// <summary>Copies x [C][H][W] into a zeroed [C][hp][wp] buffer at (top, left).</summary>
    public static void Pad(ReadOnlySpan<float> x, Shape xs, Span<float> xp, int hp, int wp, int top, int left)
    {
        xp.Clear();
        for (int c = 0; c < xs.C; c++)
        for (int y = 0; y < xs.H; y++)
            x.Slice((c * xs.H + y) * xs.W, xs.W).CopyTo(xp.Slice((c * hp + y + top) * wp + left, xs.W));
    }
}
