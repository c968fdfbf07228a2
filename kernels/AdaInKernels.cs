using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>
/// AdaIN: per-channel statistics (one thread per channel, two-pass mean / biased variance like
/// InstanceNorm2d), then one thread per element applies norm(x)·(1 + p[c]) + p[C + c].
/// A group-per-channel tree reduction would scale better on large planes.
/// </summary>
internal sealed class AdaInKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int> Stats =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(StatsKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdaInArgs> Apply =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdaInArgs>(ApplyKernel);

    /// <summary>stats[2c] = mean, stats[2c + 1] = 1 / sqrt(var + 1e-5).</summary>
    [Kernel]
    internal static void StatsKernel(Index1D c, ArrayView<float> x, ArrayView<float> stats, int plane)
    {
        int start = c * plane;
        float sum = 0;
        for (int k = 0; k < plane; k++) sum += x[start + k];
        float mean = sum / plane, sq = 0;
        for (int k = 0; k < plane; k++)
        {
            float dev = x[start + k] - mean;
            sq += dev * dev;
        }
        stats[2 * c] = mean;
        stats[2 * c + 1] = 1f / XMath.Sqrt(sq / plane + 1e-5f); // not Rsqrt: PTX's rsqrt.approx is coarser
    }

    [Kernel]
    internal static void ApplyKernel(Index1D i, ArrayView<float> x, ArrayView<float> p, ArrayView<float> stats, ArrayView<float> y, AdaInArgs g)
    {
        int c = i / g.Plane;
        float mean = 0, invStd = 1;
        if (g.Normalize != 0)
        {
            mean = stats[2 * c];
            invStd = stats[2 * c + 1];
        }
        y[i] = (x[i] - mean) * invStd * (1f + p[c]) + p[g.C + c];
    }
}

internal readonly record struct AdaInArgs(int C, int Plane, int Normalize);
