using System.Runtime.CompilerServices;

namespace Lgc.Tensors.Simd;

// The loop-holding kernels are AggressiveOptimization: their tier-0 code does not inline the IVec
// helpers and runs several times slower, and a short run (one `lgc compress`) never leaves tier 0.

/// <summary>A kernel stride as a type, so the JIT folds p * stride into the addressing of each FMA.</summary>
internal interface IConst { static abstract int N { get; } }
internal struct Const1 : IConst { public static int N => 1; }
internal struct Const2 : IConst { public static int N => 2; }

/// <summary>Where one run of output pixels reads (padded input plane and row pitch, taps) and writes.</summary>
internal readonly record struct ConvGeom(int Cin, int XPlane, int XW, int Kh, int Kw, int Stride, int DstPlane);

/// <summary>
/// Direct convolution over a zero-padded input, vectorised over output channels: one vector
/// accumulator holds L output channels of one pixel, weights are pre-packed [ci][kh][kw][L] per
/// channel block, and eight pixels share each weight load (per tap: 1 load, 8 FMAs whose input
/// broadcasts the JIT folds into the FMA as memory operands).
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

    // Blocking: a row is done in segments of up to 64 pixels, and each segment walks the input
    // channels in chunks of 16, so one chunk's weights (16·K·K·L floats, ≤ 26 KB) stay in L1
    // while all 8 tiles of the segment use them; partial sums wait in a 4 KB stack buffer.
    private const int SegmentTiles = 8, CinChunk = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Row8<V, S>(in ConvGeom g, float* w, float* bias, float* x0, int count, float* dst0, int dstStep, int validLanes)
        where V : struct, IVec<V> where S : struct, IConst
    {
        int L = V.Lanes, s = S.N, tiles = count / 8;
        float* part = stackalloc float[SegmentTiles * 8 * 16];
        for (int t0 = 0; t0 < tiles; t0 += SegmentTiles)
        {
            int nt = Math.Min(SegmentTiles, tiles - t0);
            V b = V.Load(ref *bias);
            for (int p = 0; p < nt * 8; p++) V.Store(ref part[p * L], b);
            for (int c0 = 0; c0 < g.Cin; c0 += CinChunk)
            {
                int chunk = Math.Min(CinChunk, g.Cin - c0);
                float* wc = w + (nint)c0 * g.Kh * g.Kw * L, xc = x0 + (nint)c0 * g.XPlane + t0 * 8 * s;
                for (int t = 0; t < nt; t++)
                    Tile8<V, S>(g, wc, chunk, xc + t * 8 * s, part + t * 8 * L);
            }
            Scatter(part, L, nt * 8, dst0 + t0 * 8 * dstStep, dstStep, g.DstPlane, validLanes);
        }
        return tiles * 8;
    }

    /// <summary>Adds <paramref name="cin"/> input channels' taps into 8 pixels' accumulators at acc ([pixel][L]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8<V, S>(in ConvGeom g, float* w, int cin, float* x0, float* acc)
        where V : struct, IVec<V> where S : struct, IConst
    {
        int L = V.Lanes, s = S.N;
        V a0 = V.Load(ref acc[0]), a1 = V.Load(ref acc[L]), a2 = V.Load(ref acc[2 * L]), a3 = V.Load(ref acc[3 * L]);
        V a4 = V.Load(ref acc[4 * L]), a5 = V.Load(ref acc[5 * L]), a6 = V.Load(ref acc[6 * L]), a7 = V.Load(ref acc[7 * L]);
        float* wp = w, xc = x0;
        for (int ci = 0; ci < cin; ci++, xc += g.XPlane)
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
        V.Store(ref acc[0], a0); V.Store(ref acc[L], a1); V.Store(ref acc[2 * L], a2); V.Store(ref acc[3 * L], a3);
        V.Store(ref acc[4 * L], a4); V.Store(ref acc[5 * L], a5); V.Store(ref acc[6 * L], a6); V.Store(ref acc[7 * L], a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
