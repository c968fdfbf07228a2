using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>Ops across channels: concat (one thread per output element), softmax and argmax (one thread per pixel).</summary>
internal sealed class ChannelKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> Concat =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(ConcatKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ChannelArgs> Softmax =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ChannelArgs>(SoftmaxKernel);
    public readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ChannelArgs> Argmax =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ChannelArgs>(ArgmaxKernel);

    /// <summary>CHW tensors concatenate as flat arrays: the first aLength elements come from a.</summary>
    [Kernel]
    internal static void ConcatKernel(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, int aLength) =>
        y[i] = i < aLength ? a[i] : b[i - aLength];

    [Kernel]
    internal static void SoftmaxKernel(Index1D p, ArrayView<float> x, ArrayView<float> y, ChannelArgs g)
    {
        float max = x[p];
        for (int c = 1; c < g.C; c++) max = XMath.Max(max, x[c * g.Plane + p]);
        float sum = 0;
        for (int c = 0; c < g.C; c++) sum += XMath.Exp(x[c * g.Plane + p] - max);
        for (int c = 0; c < g.C; c++) y[c * g.Plane + p] = XMath.Exp(x[c * g.Plane + p] - max) / sum;
    }

    /// <summary>Strict &gt; so the lowest channel index wins ties, like the reference.</summary>
    [Kernel]
    internal static void ArgmaxKernel(Index1D p, ArrayView<float> x, ArrayView<int> y, ChannelArgs g)
    {
        int best = 0;
        float bestValue = x[p];
        for (int c = 1; c < g.C; c++)
        {
            float v = x[c * g.Plane + p];
            if (v > bestValue)
            {
                best = c;
                bestValue = v;
            }
        }
        y[p] = best;
    }
}

internal readonly record struct ChannelArgs(int C, int Plane);
