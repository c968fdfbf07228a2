using ILGPU;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>y = W x + b, one thread per output feature (W row-major [outF, inF]).</summary>
internal sealed class LinearKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> Run =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(Dense);

    [Kernel]
    internal static void Dense(Index1D o, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, int inF)
    {
        float acc = bias[o];
        for (int i = 0; i < inF; i++) acc += w[o * inF + i] * x[i];
        y[o] = acc;
    }
}
