using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>GDN / IGDN: one thread per (channel i, pixel p), norm_i = beta_i + Σ_j gamma[i,j] x_j².</summary>
internal sealed class GdnKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GdnArgs> Run =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GdnArgs>(Normalize);

    [Kernel]
    internal static void Normalize(Index1D i, ArrayView<float> x, ArrayView<float> beta, ArrayView<float> gamma, ArrayView<float> y, GdnArgs g)
    {
        int p = i % g.Plane, c = i / g.Plane;
        float norm = beta[c];
        for (int j = 0; j < g.C; j++)
        {
            float xj = x[j * g.Plane + p];
            norm += gamma[c * g.C + j] * xj * xj;
        }
        float root = XMath.Sqrt(norm);
        y[i] = g.Inverse != 0 ? x[i] * root : x[i] / root;
    }
}

internal readonly record struct GdnArgs(int C, int Plane, int Inverse);

internal sealed class IlgpuGdn(IlgpuBackend b, int c, ReadOnlySpan<float> beta, ReadOnlySpan<float> gamma, bool inverse)
    : IlgpuParamLayer(b, c, beta, gamma)
{
    public override Shape OutShape(Shape x) => x;

    public override void Enqueue(ArrayView<float> x, Shape xs, ArrayView<float> y)
    {
        if (xs.Length > 0) B.K.Gdn.Run(xs.Length, x, P0.View, P1.View, y, new GdnArgs(Cin, xs.Plane, inverse ? 1 : 0));
    }
}
