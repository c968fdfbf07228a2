using ILGPU;
using ILGPU.Runtime;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>
/// ConvTranspose2d as a gather: one thread per output (co, oy, ox) sums the taps (ky, kx) whose
/// input index (o + pad - k) / stride is whole and in range, so no two threads write one element.
/// </summary>
internal sealed class ConvTranspose2dKernels(Accelerator a)
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry> Run =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry>(Gather);

    [Kernel]
    internal static void Gather(Index1D i, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, ConvGeometry g)
    {
        int ox = i % g.Wo, t = i / g.Wo, oy = t % g.Ho, co = t / g.Ho;
        float acc = bias[co];
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
                    acc += x[(ci * g.H + iy) * g.W + ix] * w[((ci * g.Cout + co) * g.K + ky) * g.K + kx];
            }
        }
        y[i] = acc;
    }
}

/// <summary>A transposed-conv layer (weight [Cin, Cout, K, K]) with device-resident weights.</summary>
internal sealed class IlgpuConvTranspose2d(IlgpuBackend b, ConvTranspose2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    : IlgpuParamLayer(b, d.Cin, weight, bias)
{
    public override Shape OutShape(Shape x) => d.OutShape(x);

    public override void Enqueue(ArrayView<float> x, Shape xs, ArrayView<float> y)
    {
        var os = d.OutShape(xs);
        B.K.ConvTranspose2d.Run(os.Length, x, P0.View, P1.View, y, ConvGeometry.Of(d, xs, os));
    }
}
