using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>
/// The glue between the float networks, the integer h_s and the entropy coder on the device-resident
/// path, one thread per element, each the exact operation the CPU path does: z_hat = round(z), the
/// h_s input z_hat · 2^F clamped, means = raw · 2^-F, y_hat = y_sym + mean.
/// </summary>
internal sealed class LatentKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<int>> Round =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>>(RoundKernel);
    public readonly Action<Index1D, ArrayView<int>, ArrayView<long>, int, int> ToFixed =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<long>, int, int>(ToFixedKernel);
    public readonly Action<Index1D, ArrayView<long>, ArrayView<float>, float> Means =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<long>, ArrayView<float>, float>(MeansKernel);
    public readonly Action<Index1D, ArrayView<int>, ArrayView<float>, ArrayView<float>> Dequantize =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, ArrayView<float>>(DequantizeKernel);

    /// <summary>Round half to even, NaN to 0, saturating (as EntropyKernels.Quantize with a zero mean).</summary>
    [Kernel]
    internal static void RoundKernel(Index1D i, ArrayView<float> x, ArrayView<int> q)
    {
        float r = XMath.RoundToEven(x[i]);
        q[i] = XMath.IsNaN(r) ? 0 : r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r;
    }

    /// <summary>clamp(q · 2^shift, ±2^clampBits): the integer h_s input.</summary>
    [Kernel]
    internal static void ToFixedKernel(Index1D i, ArrayView<int> q, ArrayView<long> a, int shift, int clampBits)
    {
        long v = (long)q[i] << shift, lim = 1L << clampBits;
        a[i] = v < -lim ? -lim : v > lim ? lim : v;
    }

    /// <summary>means = (float)raw · inv, inv a power of two (exact scaling after the one rounding to float).</summary>
    [Kernel]
    internal static void MeansKernel(Index1D i, ArrayView<long> raw, ArrayView<float> means, float inv) => means[i] = raw[i] * inv;

    [Kernel]
    internal static void DequantizeKernel(Index1D i, ArrayView<int> sym, ArrayView<float> means, ArrayView<float> yHat) => yHat[i] = sym[i] + means[i];
}
