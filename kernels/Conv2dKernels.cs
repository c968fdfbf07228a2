using ILGPU;
using ILGPU.Runtime;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>
/// Conv2d, float accumulation in PyTorch's tap order (bias, then ci, ky, kx): a shared-memory
/// tiled kernel for the model's 5×5 stride-2 layers, one thread per output for every other shape.
/// </summary>
internal sealed class Conv2dKernels(Accelerator a)
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry> direct =
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry>(Direct);
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry> tiled =
        a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry>(Tiled5x5s2);

    // A group computes a TileW × TileH pixel tile for CoBlock output channels. Per CiBlock input
    // channels it stages the input patches the tile reads (35 × 19 each) and their weights in
    // shared memory (11 KB), so each input value is read from global memory once per group, not up
    // to 9 × CoBlock times, with one pair of barriers per CiBlock channels.
    private const int TileW = 16, TileH = 8, CoBlock = 4, CiBlock = 4, Taps = 25;
    private const int PatchW = (TileW - 1) * 2 + 5, PatchSize = PatchW * ((TileH - 1) * 2 + 5);

    public void Launch(ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, ConvGeometry g)
    {
        if (g.K == 5 && g.Stride == 2)
            tiled(new KernelConfig(new Index3D((g.Wo + TileW - 1) / TileW, (g.Ho + TileH - 1) / TileH, (g.Cout + CoBlock - 1) / CoBlock),
                new Index3D(TileW, TileH, 1)), x, w, bias, y, g);
        else
            direct(g.Cout * g.Ho * g.Wo, x, w, bias, y, g);
    }

    [Kernel]
    internal static void Direct(Index1D i, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, ConvGeometry g)
    {
        int ox = i % g.Wo, t = i / g.Wo, oy = t % g.Ho, co = t / g.Ho;
        int iy0 = oy * g.Stride - g.Pad, ix0 = ox * g.Stride - g.Pad;
        float acc = bias[co];
        for (int ci = 0; ci < g.Cin; ci++)
        for (int ky = 0; ky < g.K; ky++)
        {
            int iy = iy0 + ky;
            if (iy < 0 || iy >= g.H) continue;
            int xRow = (ci * g.H + iy) * g.W, wRow = ((co * g.Cin + ci) * g.K + ky) * g.K;
            for (int kx = 0; kx < g.K; kx++)
            {
                int ix = ix0 + kx;
                if (ix >= 0 && ix < g.W) acc += w[wRow + kx] * x[xRow + ix];
            }
        }
        y[i] = acc;
    }

    [Kernel(ExplicitlyGrouped = true)]
    internal static void Tiled5x5s2(ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, ConvGeometry g)
    {
        var patch = SharedMemory.Allocate<float>(CiBlock * PatchSize);
        var wt = SharedMemory.Allocate<float>(CoBlock * CiBlock * Taps);
        int tx = Group.IdxX, ty = Group.IdxY, t = ty * TileW + tx;
        int ox = Grid.IdxX * TileW + tx, oy = Grid.IdxY * TileH + ty, co0 = Grid.IdxZ * CoBlock;
        int px0 = Grid.IdxX * TileW * 2 - g.Pad, py0 = Grid.IdxY * TileH * 2 - g.Pad;
        // start from the bias, as Direct and the reference do, so the sums round the same way
        float a0 = co0 < g.Cout ? bias[co0] : 0, a1 = co0 + 1 < g.Cout ? bias[co0 + 1] : 0;
        float a2 = co0 + 2 < g.Cout ? bias[co0 + 2] : 0, a3 = co0 + 3 < g.Cout ? bias[co0 + 3] : 0;
        for (int ci0 = 0; ci0 < g.Cin; ci0 += CiBlock)
        {
            // stage CiBlock channels' patches and weights; missing channels and padding read 0
            for (int k = t; k < CiBlock * PatchSize; k += TileW * TileH)
            {
                int ci = ci0 + k / PatchSize, iy = py0 + k % PatchSize / PatchW, ix = px0 + k % PatchW;
                patch[k] = ci < g.Cin && iy >= 0 && iy < g.H && ix >= 0 && ix < g.W ? x[(ci * g.H + iy) * g.W + ix] : 0f;
            }
            for (int k = t; k < CoBlock * CiBlock * Taps; k += TileW * TileH)
            {
                int co = co0 + k / (CiBlock * Taps), ci = ci0 + k / Taps % CiBlock;
                wt[k] = co < g.Cout && ci < g.Cin ? w[(co * g.Cin + ci) * Taps + k % Taps] : 0f;
            }
            Group.Barrier();
            for (int c = 0; c < CiBlock; c++)
            for (int ky = 0; ky < 5; ky++)
            for (int kx = 0; kx < 5; kx++)
            {
                // staged zeros add 0·w: each sum keeps its value, so the result equals Direct's
                float v = patch[c * PatchSize + (ty * 2 + ky) * PatchW + tx * 2 + kx];
                int tap = c * Taps + ky * 5 + kx;
                a0 += wt[tap] * v;
                a1 += wt[CiBlock * Taps + tap] * v;
                a2 += wt[2 * CiBlock * Taps + tap] * v;
                a3 += wt[3 * CiBlock * Taps + tap] * v;
            }
            Group.Barrier();
        }
        if (ox >= g.Wo || oy >= g.Ho) return;
        int plane = g.Ho * g.Wo, o = co0 * plane + oy * g.Wo + ox;
        if (co0 < g.Cout) y[o] = a0;
        if (co0 + 1 < g.Cout) y[o + plane] = a1;
        if (co0 + 2 < g.Cout) y[o + 2 * plane] = a2;
        if (co0 + 3 < g.Cout) y[o + 3 * plane] = a3;
    }
}

/// <summary>A conv layer whose weights live on the device from creation on.</summary>
internal sealed class IlgpuConv2d(IlgpuBackend b, Conv2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    : IlgpuParamLayer(b, d.Cin, weight, bias)
{
    public override Shape OutShape(Shape x) => d.OutShape(x);

    public override void Enqueue(ArrayView<float> x, Shape xs, ArrayView<float> y) =>
        B.K.Conv2d.Launch(x, P0.View, P1.View, y, ConvGeometry.Of(d, xs, d.OutShape(xs)));
}
