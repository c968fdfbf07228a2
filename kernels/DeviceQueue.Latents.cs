using ILGPU;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>
/// The integer h_s, the scale indices and the latent glue queued on device views: the same
/// integer/float operations as the CPU path (FixedPointOps, LgcCodec), so the same bits.
/// </summary>
internal sealed partial class DeviceQueue
{
    /// <summary>q = round(x), half to even, NaN to 0, saturating.</summary>
    public void Round(ArrayView<float> x, ArrayView<int> q)
    {
        if (x.Length > 0) b.K.Latent.Round((int)x.Length, x, q);
    }

    /// <summary>a = clamp(q · 2^shift, ±2^clampBits).</summary>
    public void ToFixed(ArrayView<int> q, int shift, int clampBits, ArrayView<long> a)
    {
        if (q.Length > 0) b.K.Latent.ToFixed((int)q.Length, q, a, shift, clampBits);
    }

    public void FixedConv2d(Conv2dDesc d, ArrayView<long> x, Shape xs, ArrayView<int> weight, ArrayView<int> bias,
        int weightFracBits, bool relu, int clampBits, ArrayView<long> y)
    {
        var os = d.OutShape(xs);
        if (os.Length > 0) b.K.FixedPoint.Conv2d(os.Length, x, weight, bias, y, ConvGeometry.Of(d, xs, os), new FixedArgs(weightFracBits, relu ? 1 : 0, clampBits));
    }

    public void FixedConvTranspose2d(ConvTranspose2dDesc d, ArrayView<long> x, Shape xs, ArrayView<int> weight, ArrayView<int> bias,
        int weightFracBits, bool relu, int clampBits, ArrayView<long> y)
    {
        var os = d.OutShape(xs);
        if (os.Length > 0) b.K.FixedPoint.ConvTranspose2d(os.Length, x, weight, bias, y, ConvGeometry.Of(d, xs, os), new FixedArgs(weightFracBits, relu ? 1 : 0, clampBits));
    }

    /// <summary>means = raw · inv (inv a power of two).</summary>
    public void Means(ArrayView<long> raw, float inv, ArrayView<float> means)
    {
        if (raw.Length > 0) b.K.Latent.Means((int)raw.Length, raw, means, inv);
    }

    /// <summary>As FixedPointOps.ScaleIndices over a device-resident table of L entries (its first L-1 are searched).</summary>
    public void ScaleIndices(ArrayView<long> scalesQ, ArrayView<int> table, ArrayView<int> idx)
    {
        if (scalesQ.Length > 0) b.K.Entropy.ScaleIndices((int)scalesQ.Length, scalesQ, table, idx, (int)table.Length - 1);
    }

    /// <summary>sym = round(y - means), half to even, NaN to 0, saturating.</summary>
    public void Quantize(ArrayView<float> y, ArrayView<float> means, ArrayView<int> sym)
    {
        if (y.Length > 0) b.K.Entropy.Quantize((int)y.Length, y, means, sym);
    }

    /// <summary>y_hat = sym + means.</summary>
    public void Dequantize(ArrayView<int> sym, ArrayView<float> means, ArrayView<float> yHat)
    {
        if (sym.Length > 0) b.K.Latent.Dequantize((int)sym.Length, sym, means, yHat);
    }
}
