using ILGPU;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>Upsampling and pixel shuffle: one thread per output element (c, oy, ox).</summary>
internal sealed class ResampleKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs> Nearest =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs>(NearestKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs> Bilinear =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs>(BilinearKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs> PixelShuffle =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs>(PixelShuffleKernel);

    [Kernel]
    internal static void NearestKernel(Index1D i, ArrayView<float> x, ArrayView<float> y, ResampleArgs g)
    {
        int wo = g.W * g.F, ho = g.H * g.F;
        int ox = i % wo, t = i / wo, oy = t % ho, c = t / ho;
        y[i] = x[(c * g.H + oy / g.F) * g.W + ox / g.F];
    }

    /// <summary>PyTorch align_corners=false: src = max((dst + 0.5) / f - 0.5, 0), upper neighbour clamped.</summary>
    [Kernel]
    internal static void BilinearKernel(Index1D i, ArrayView<float> x, ArrayView<float> y, ResampleArgs g)
    {
        int wo = g.W * g.F, ho = g.H * g.F;
        int ox = i % wo, t = i / wo, oy = t % ho, c = t / ho;
        float sy = Source(oy, g.F), sx = Source(ox, g.F);
        int y0 = (int)sy, x0 = (int)sx;
        int y1 = y0 < g.H - 1 ? y0 + 1 : y0, x1 = x0 < g.W - 1 ? x0 + 1 : x0;
        float ly = sy - y0, lx = sx - x0;
        int plane = c * g.H * g.W;
        y[i] = (1 - ly) * ((1 - lx) * x[plane + y0 * g.W + x0] + lx * x[plane + y0 * g.W + x1])
             + ly * ((1 - lx) * x[plane + y1 * g.W + x0] + lx * x[plane + y1 * g.W + x1]);
    }

    private static float Source(int dst, int factor)
    {
        float src = (dst + 0.5f) / factor - 0.5f;
        return src > 0 ? src : 0;
    }

    /// <summary>[C·r², H, W] → [C, H·r, W·r]: output (c, oy, ox) reads channel c·r² + (oy mod r)·r + ox mod r.</summary>
    [Kernel]
    internal static void PixelShuffleKernel(Index1D i, ArrayView<float> x, ArrayView<float> y, ResampleArgs g)
    {
        int r = g.F, wo = g.W * r, ho = g.H * r;
        int ox = i % wo, t = i / wo, oy = t % ho, c = t / ho;
        int ci = c * r * r + (oy % r) * r + ox % r;
        y[i] = x[(ci * g.H + oy / r) * g.W + ox / r];
    }
}

/// <summary>Input H, W and the integer factor (scale, or r for pixel shuffle).</summary>
internal readonly record struct ResampleArgs(int H, int W, int F);
