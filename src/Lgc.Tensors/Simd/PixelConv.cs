using System.Runtime.CompilerServices;

namespace Lgc.Tensors.Simd;

// The loop-holding kernels are AggressiveOptimization: their tier-0 code does not inline the IVec
// helpers and runs several times slower, and a short run (one `lgc compress`) never leaves tier 0.

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
        for (; j + 2 * L <= count; j += 2 * L) Tile2<V>(g, w, bias, x0 + j, dst0 + j * dstStep, dstStep, cout);
        for (; j + L <= count; j += L) Tile1<V>(g, w, bias, x0 + j, dst0 + j * dstStep, dstStep, cout);
        for (; j < count; j++) Tile1<V1>(g, w, bias, x0 + j, dst0 + j * dstStep, dstStep, cout);
    }

    // Tile2 and Tile1 are deliberately separate straight-line copies: any branch between
    // accumulator sets (even on a JIT-time constant) makes the JIT keep them in memory.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2<V>(in ConvGeom g, float* w, float* bias, float* x0, float* dst, int dstStep, int cout)
        where V : struct, IVec<V>
    {
        int L = V.Lanes;
        float* tmp = stackalloc float[2 * MaxCout * 16];
        V a0 = V.Splat(bias[0]), a1 = V.Splat(bias[1]), a2 = V.Splat(bias[2]), a3 = V.Splat(bias[3]);
        V c0 = a0, c1 = a1, c2 = a2, c3 = a3;
        float* wp = w, xc = x0;
        for (int ci = 0; ci < g.Cin; ci++, xc += g.XPlane)
        {
            float* xr = xc;
            for (int ky = 0; ky < g.Kh; ky++, xr += g.XW)
            for (int kx = 0; kx < g.Kw; kx++, wp += MaxCout)
            {
                V u = V.Load(ref xr[kx]), v = V.Load(ref xr[kx + L]);
                a0 = V.MulAddSplat(u, wp[0], a0); c0 = V.MulAddSplat(v, wp[0], c0);
                a1 = V.MulAddSplat(u, wp[1], a1); c1 = V.MulAddSplat(v, wp[1], c1);
                a2 = V.MulAddSplat(u, wp[2], a2); c2 = V.MulAddSplat(v, wp[2], c2);
                a3 = V.MulAddSplat(u, wp[3], a3); c3 = V.MulAddSplat(v, wp[3], c3);
            }
        }
        V.Store(ref tmp[0], a0); V.Store(ref tmp[L], a1); V.Store(ref tmp[2 * L], a2); V.Store(ref tmp[3 * L], a3);
        V.Store(ref tmp[4 * L], c0); V.Store(ref tmp[5 * L], c1); V.Store(ref tmp[6 * L], c2); V.Store(ref tmp[7 * L], c3);
        Scatter(tmp, L, dst, dstStep, g.DstPlane, cout);
        Scatter(tmp + MaxCout * L, L, dst + L * dstStep, dstStep, g.DstPlane, cout);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1<V>(in ConvGeom g, float* w, float* bias, float* x0, float* dst, int dstStep, int cout)
        where V : struct, IVec<V>
    {
        int L = V.Lanes;
        float* tmp = stackalloc float[MaxCout * 16];
        V a0 = V.Splat(bias[0]), a1 = V.Splat(bias[1]), a2 = V.Splat(bias[2]), a3 = V.Splat(bias[3]);
        float* wp = w, xc = x0;
        for (int ci = 0; ci < g.Cin; ci++, xc += g.XPlane)
        {
            float* xr = xc;
            for (int ky = 0; ky < g.Kh; ky++, xr += g.XW)
            for (int kx = 0; kx < g.Kw; kx++, wp += MaxCout)
            {
                V u = V.Load(ref xr[kx]);
                a0 = V.MulAddSplat(u, wp[0], a0);
                a1 = V.MulAddSplat(u, wp[1], a1);
                a2 = V.MulAddSplat(u, wp[2], a2);
                a3 = V.MulAddSplat(u, wp[3], a3);
            }
        }
        V.Store(ref tmp[0], a0); V.Store(ref tmp[L], a1); V.Store(ref tmp[2 * L], a2); V.Store(ref tmp[3 * L], a3);
        Scatter(tmp, L, dst, dstStep, g.DstPlane, cout);
    }

    /// <summary>tmp holds [channel][L pixels]; pixel p goes to dst + c * plane + p * dstStep.</summary>
    private static void Scatter(float* tmp, int lanes, float* dst, int dstStep, int plane, int cout)
    {
        for (int c = 0; c < cout; c++)
        {
            float* d = dst + (nint)c * plane, t = tmp + c * lanes;
            for (int p = 0; p < lanes; p++) d[p * dstStep] = t[p];
        }
    }
}
