namespace Lgc.Tensors.Simd;

/// <summary>
/// Stride-1 direct conv vectorised over output pixels instead of channels, for layers with at
/// most <see cref="MaxCout"/> outputs (deconv 64→3), where a channel vector would be mostly empty
/// lanes. Weights packed [ci][kh][kw][4] (zeros past Cout); each tile keeps 4 channels × 2 pixel
/// vectors in registers, so one weight broadcast feeds two FMAs and one input load feeds four.
/// </summary>
internal static unsafe class PixelConv
{
    public const int MaxCout = 4;

    /// <summary>Same contract as <see cref="DirectConv.Row{V}"/> with g.Stride == 1 and w/bias packed for 4 channels.</summary>
    public static void Row<V>(in ConvGeom g, float* w, float* bias, float* x0, int count, float* dst0, int dstStep, int cout)
        where V : struct, IVec<V>
    {
        int L = V.Lanes, j = 0;
        for (; j + 2 * L <= count; j += 2 * L) Tile<V, Const2>(g, w, bias, x0 + j, dst0 + j * dstStep, dstStep, cout);
        for (; j + L <= count; j += L) Tile<V, Const1>(g, w, bias, x0 + j, dst0 + j * dstStep, dstStep, cout);
        for (; j < count; j++) Tile<V1, Const1>(g, w, bias, x0 + j, dst0 + j * dstStep, dstStep, cout);
    }

    /// <summary>TVectors = 1 or 2 pixel vectors; with 1 the second accumulator set is dead code the JIT removes.</summary>
    private static void Tile<V, TVectors>(in ConvGeom g, float* w, float* bias, float* x0, float* dst, int dstStep, int cout)
        where V : struct, IVec<V> where TVectors : struct, IConst
    {
        int L = V.Lanes, cin = g.Cin, kh = g.Kh, kw = g.Kw, xPlane = g.XPlane, xw = g.XW;
        V a0 = V.Splat(bias[0]), a1 = V.Splat(bias[1]), a2 = V.Splat(bias[2]), a3 = V.Splat(bias[3]);
        V c0 = a0, c1 = a1, c2 = a2, c3 = a3;
        float* wp = w, xc = x0;
        for (int ci = 0; ci < cin; ci++, xc += xPlane)
        {
            float* xr = xc;
            for (int ky = 0; ky < kh; ky++, xr += xw)
            for (int kx = 0; kx < kw; kx++, wp += MaxCout)
            {
                V u = V.Load(ref xr[kx]);
                a0 = V.MulAddSplat(u, wp[0], a0);
                a1 = V.MulAddSplat(u, wp[1], a1);
                a2 = V.MulAddSplat(u, wp[2], a2);
                a3 = V.MulAddSplat(u, wp[3], a3);
                if (TVectors.N == 2)
                {
                    V v = V.Load(ref xr[kx + L]);
                    c0 = V.MulAddSplat(v, wp[0], c0);
                    c1 = V.MulAddSplat(v, wp[1], c1);
                    c2 = V.MulAddSplat(v, wp[2], c2);
                    c3 = V.MulAddSplat(v, wp[3], c3);
                }
            }
        }
        Store<V>(dst, dstStep, g.DstPlane, cout, 0, a0, a1, a2, a3);
        if (TVectors.N == 2) Store<V>(dst, dstStep, g.DstPlane, cout, L, c0, c1, c2, c3);
    }

    /// <summary>Writes 4 channel accumulators of one pixel vector (starting at pixel p0) into strided CHW output.</summary>
    private static void Store<V>(float* dst, int dstStep, int plane, int cout, int p0, V a0, V a1, V a2, V a3) where V : struct, IVec<V>
    {
        int L = V.Lanes;
        float* tmp = stackalloc float[MaxCout * 16];
        V.Store(ref tmp[0], a0); V.Store(ref tmp[L], a1); V.Store(ref tmp[2 * L], a2); V.Store(ref tmp[3 * L], a3);
        for (int c = 0; c < cout; c++)
        {
            float* d = dst + (nint)c * plane + p0 * dstStep;
            for (int p = 0; p < L; p++) d[p * dstStep] = tmp[c * L + p];
        }
    }
}
