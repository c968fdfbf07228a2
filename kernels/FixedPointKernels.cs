using ILGPU;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>
/// The integer h_s convs, one thread per output: int64 activations times int32 weights summed in
/// int64 (exact, so any order gives FixedPointOps' bits), then round-shift, optional ReLU, clamp.
/// </summary>
internal sealed class FixedPointKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, ArrayView<long>, ConvGeometry, FixedArgs> Conv2d =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, ArrayView<long>, ConvGeometry, FixedArgs>(Conv2dKernel);
    public readonly Action<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, ArrayView<long>, ConvGeometry, FixedArgs> ConvTranspose2d =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, ArrayView<long>, ConvGeometry, FixedArgs>(ConvTranspose2dKernel);

    [Kernel]
    internal static void Conv2dKernel(Index1D i, ArrayView<long> x, ArrayView<int> w, ArrayView<int> bias, ArrayView<long> y, ConvGeometry g, FixedArgs f)
    {
        int ox = i % g.Wo, t = i / g.Wo, oy = t % g.Ho, co = t / g.Ho;
        int iy0 = oy * g.Stride - g.Pad, ix0 = ox * g.Stride - g.Pad;
        long acc = bias[co];
        for (int ci = 0; ci < g.Cin; ci++)
        for (int ky = 0; ky < g.K; ky++)
        {
            int iy = iy0 + ky;
            if (iy < 0 || iy >= g.H) continue;
            int xRow = (ci * g.H + iy) * g.W, wRow = ((co * g.Cin + ci) * g.K + ky) * g.K;
            for (int kx = 0; kx < g.K; kx++)
            {
                int ix = ix0 + kx;
                if (ix >= 0 && ix < g.W) acc += (long)w[wRow + kx] * x[xRow + ix];
            }
        }
        y[i] = Finish(acc, f);
    }

    /// <summary>Gather form, as the float transposed conv: taps whose (o + pad - k) divides by the stride.</summary>
    [Kernel]
    internal static void ConvTranspose2dKernel(Index1D i, ArrayView<long> x, ArrayView<int> w, ArrayView<int> bias, ArrayView<long> y, ConvGeometry g, FixedArgs f)
    {
        int ox = i % g.Wo, t = i / g.Wo, oy = t % g.Ho, co = t / g.Ho;
        long acc = bias[co];
        for (int ky = 0; ky < g.K; ky++)
        {
            int ty = oy + g.Pad - ky;
            if (ty < 0 || ty % g.Stride != 0 || ty / g.Stride >= g.H) continue;
            int iy = ty / g.Stride;
            for (int kx = 0; kx < g.K; kx++)
            {
                int tx = ox + g.Pad - kx;
                if (tx < 0 || tx % g.Stride != 0 || tx / g.Stride >= g.W) continue;
                int ix = tx / g.Stride;
                for (int ci = 0; ci < g.Cin; ci++)
                    acc += (long)w[((ci * g.Cout + co) * g.K + ky) * g.K + kx] * x[(ci * g.H + iy) * g.W + ix];
            }
        }
        y[i] = Finish(acc, f);
    }

    /// <summary>(acc + 2^(Fw-1)) &gt;&gt; Fw (arithmetic: floor), ReLU, clamp to ±2^ClampBits — as FixedPointOps.</summary>
    private static long Finish(long acc, FixedArgs f)
    {
        long v = (acc + (1L << (f.Fw - 1))) >> f.Fw;
        if (f.Relu != 0 && v < 0) v = 0;
        long lim = 1L << f.ClampBits;
        return v < -lim ? -lim : v > lim ? lim : v;
    }
}

internal readonly record struct FixedArgs(int Fw, int Relu, int ClampBits);
