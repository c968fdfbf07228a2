using ILGPU;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>Average pooling (one thread per output) and global average pooling (one thread per channel).</summary>
internal sealed class PoolKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs> Avg =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ResampleArgs>(AvgKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int> GlobalAvg =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(GlobalAvgKernel);

    /// <summary>k×k window, stride k; g.F is k, g.H / g.W the input size.</summary>
    [Kernel]
    internal static void AvgKernel(Index1D i, ArrayView<float> x, ArrayView<float> y, ResampleArgs g)
    {
        int k = g.F, wo = g.W / k, ho = g.H / k;
        int ox = i % wo, t = i / wo, oy = t % ho, c = t / ho;
        float sum = 0;
        for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++)
            sum += x[(c * g.H + oy * k + ky) * g.W + ox * k + kx];
        y[i] = sum / (k * k);
    }

    [Kernel]
    internal static void GlobalAvgKernel(Index1D c, ArrayView<float> x, ArrayView<float> y, int plane)
    {
        float sum = 0;
        for (int k = 0; k < plane; k++) sum += x[c * plane + k];
        y[c] = sum / plane;
    }
}
