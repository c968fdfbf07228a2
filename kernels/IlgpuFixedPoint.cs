using ILGPU;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>
/// <see cref="FixedPointOps"/> (integer h_s convs, scale indices) and the latent quantizer on an
/// ILGPU accelerator: same signatures and argument checks, bit-identical results. Weights are
/// copied per call like the CPU version's.
/// </summary>
internal sealed class IlgpuFixedPoint(IlgpuBackend backend)
{
    public void Conv2d(Conv2dDesc d, ReadOnlySpan<long> x, Shape xShape, ReadOnlySpan<int> weight,
        ReadOnlySpan<int> bias, int weightFracBits, bool relu, int clampBits, Span<long> dst)
    {
        Check.Conv(d);
        var os = FixedPointOps.CheckArgs(d.Cin, d.Cout * d.Cin * d.K * d.K, d.Cout, d.OutShape(xShape), x, xShape, weight, bias, weightFracBits, clampBits, dst);
        Run(backend.K.FixedPoint.Conv2d, ConvGeometry.Of(d, xShape, os), x, weight, bias, new FixedArgs(weightFracBits, relu ? 1 : 0, clampBits), os, dst);
    }

    public void ConvTranspose2d(ConvTranspose2dDesc d, ReadOnlySpan<long> x, Shape xShape, ReadOnlySpan<int> weight,
        ReadOnlySpan<int> bias, int weightFracBits, bool relu, int clampBits, Span<long> dst)
    {
        Check.ConvT(d);
        var os = FixedPointOps.CheckArgs(d.Cin, d.Cin * d.Cout * d.K * d.K, d.Cout, d.OutShape(xShape), x, xShape, weight, bias, weightFracBits, clampBits, dst);
        Run(backend.K.FixedPoint.ConvTranspose2d, ConvGeometry.Of(d, xShape, os), x, weight, bias, new FixedArgs(weightFracBits, relu ? 1 : 0, clampBits), os, dst);
    }

    /// <summary>As <see cref="FixedPointOps.ScaleIndices"/>: count of table[0..L-2] entries below each scale.</summary>
    public void ScaleIndices(ReadOnlySpan<long> scalesQ, ReadOnlySpan<int> scaleTable, Span<int> dst)
    {
        if (scaleTable.Length < 1) throw new ArgumentException("Scale table is empty.", nameof(scaleTable));
        for (int i = 1; i < scaleTable.Length; i++)
            if (scaleTable[i] < scaleTable[i - 1]) throw new ArgumentException("Scale table must be non-decreasing.", nameof(scaleTable));
        Check.Dst(dst, scalesQ.Length);
        if (scalesQ.Length == 0) return;
        lock (backend.Gate)
        {
            var y = backend.IntOut.Get(scalesQ.Length);
            backend.K.Entropy.ScaleIndices(scalesQ.Length, backend.LongIn.Upload(scalesQ), backend.IntIn0.Upload(scaleTable), y, scaleTable.Length - 1);
            Device.Download(y, dst);
        }
    }

    /// <summary>sym = round(y - means), half to even, NaN to 0, saturating (the engine's y_sym).</summary>
    public void Quantize(ReadOnlySpan<float> y, ReadOnlySpan<float> means, Span<int> sym)
    {
        Check.Length(means, y.Length, nameof(means));
        Check.Dst(sym, y.Length, nameof(sym));
        if (y.Length == 0) return;
        lock (backend.Gate)
        {
            var s = backend.IntOut.Get(y.Length);
            backend.K.Entropy.Quantize(y.Length, backend.In0.Upload(y), backend.In1.Upload(means), s);
            Device.Download(s, sym);
        }
    }

    private void Run(Action<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, ArrayView<long>, ConvGeometry, FixedArgs> kernel,
        ConvGeometry g, ReadOnlySpan<long> x, ReadOnlySpan<int> weight, ReadOnlySpan<int> bias, FixedArgs f, Shape os, Span<long> dst)
    {
        lock (backend.Gate)
        {
            var y = backend.LongOut.Get(os.Length);
            kernel(os.Length, backend.LongIn.Upload(x), backend.IntIn0.Upload(weight), backend.IntIn1.Upload(bias), y, g, f);
            Device.Download(y, dst);
        }
    }
}
