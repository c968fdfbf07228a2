using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>Element-wise ops: one thread per element.</summary>
internal sealed class PointwiseKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>> Relu =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(ReluKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, float> LeakyRelu =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(LeakyReluKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>> Sigmoid =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(SigmoidKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> Add =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(AddKernel);

    [Kernel]
    internal static void ReluKernel(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = x[i] > 0 ? x[i] : 0f;

    [Kernel]
    internal static void LeakyReluKernel(Index1D i, ArrayView<float> x, ArrayView<float> y, float slope) => y[i] = x[i] > 0 ? x[i] : x[i] * slope;

    [Kernel]
    internal static void SigmoidKernel(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = 1f / (1f + XMath.Exp(-x[i]));

    [Kernel]
    internal static void AddKernel(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => y[i] = a[i] + b[i];
}
