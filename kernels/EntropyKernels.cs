using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>
/// The entropy coder's per-element inputs, one thread per element: scale-table indices from the
/// integer h_s output, and the latent symbols round(y - mean). Both are exact, so the coded bits
/// do not depend on the backend.
/// </summary>
internal sealed class EntropyKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, int> ScaleIndices =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, int>(ScaleIndexKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>> Quantize =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>>(QuantizeKernel);

    /// <summary>Lower bound of scalesQ[i] in table[0, searched): the count of entries below it.</summary>
    [Kernel]
    internal static void ScaleIndexKernel(Index1D i, ArrayView<long> scalesQ, ArrayView<int> table, ArrayView<int> dst, int searched)
    {
        long s = scalesQ[i];
        int lo = 0, hi = searched;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (table[mid] < s) lo = mid + 1; else hi = mid;
        }
        dst[i] = lo;
    }

    /// <summary>Round half to even, NaN to 0, saturating at the int range (the engine's RoundToInt).</summary>
    [Kernel]
    internal static void QuantizeKernel(Index1D i, ArrayView<float> y, ArrayView<float> means, ArrayView<int> sym)
    {
        float r = XMath.RoundToEven(y[i] - means[i]);
        sym[i] = XMath.IsNaN(r) ? 0 : r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r;
    }
}
