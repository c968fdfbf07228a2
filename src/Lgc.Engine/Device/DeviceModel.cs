using ILGPU;
using Lgc.Kernels;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Device;

/// <summary>
/// One model on one device, prepared once at load: the networks lowered to device steps (from the
/// same layer objects as the CPU path, whose weights the backend already holds on the device), and
/// the weights the per-layer path passes per call uploaded once: the integer h_s, the scale table,
/// the texture encoder's linear layer and the generator's AdaIN maps.
/// </summary>
internal sealed class DeviceModel : IDisposable
{
    public DeviceQueue Queue { get; }
    public LgcModel Model { get; }
    public ModelConfig Config => Model.Config;
    public DeviceArena Weights { get; }

    public IReadOnlyList<DeviceStep> Analysis { get; }
    public IReadOnlyList<DeviceStep> HyperAnalysis { get; }
    public IReadOnlyList<DeviceStep>? TextureConvs { get; }
    public (ArrayView<float> W, ArrayView<float> B, int In, int Out)? TextureFc { get; }
    public IReadOnlyList<DeviceStep> Deconvs { get; }
    public IReadOnlyList<DeviceStep> Igdns { get; }
    public IReadOnlyList<(ArrayView<float> W, ArrayView<float> B, int In, int Out)>? AdaIns { get; }
    public HyperWeights Hyper { get; }

    /// <summary>The integer h_s on the device: layer descriptions and weights from <see cref="HyperSynthesis"/>.</summary>
    public sealed record HyperWeights(ConvTranspose2dDesc D0, ConvTranspose2dDesc D1, Conv2dDesc C2,
        ArrayView<int> W0, ArrayView<int> B0, ArrayView<int> W1, ArrayView<int> B1, ArrayView<int> W2, ArrayView<int> B2,
        ArrayView<int> ScaleTable, int ActFracBits, int WeightFracBits, int ClampBits, int M);

    DeviceModel(DeviceQueue q, LgcModel m)
    {
        Queue = q;
        Model = m;
        Weights = q.CreateArena();
        try
        {
            Analysis = DeviceChain.Lower(q, m.Analysis.Layers);
            HyperAnalysis = DeviceChain.Lower(q, m.HyperAnalysis.Layers);
            if (m.TextureConvs is not null) TextureConvs = DeviceChain.Lower(q, m.TextureConvs.Layers);
            if (m.TextureFc is not null) TextureFc = Upload(m.TextureFc);
            Deconvs = DeviceChain.Lower(q, m.Generator.Deconvs);
            Igdns = DeviceChain.Lower(q, m.Generator.Igdns);
            AdaIns = m.Generator.AdaIns?.Select(Upload).ToList();
            var hs = m.HyperSynthesis;
            var (d0, d1, c2) = hs.Descs;
            var (w0, b0, w1, b1, w2, b2) = hs.IntWeights;
            var (f, fw, clamp, mm) = hs.Fixed;
            Hyper = new(d0, d1, c2, Weights.Persistent<int>(w0), Weights.Persistent<int>(b0), Weights.Persistent<int>(w1),
                Weights.Persistent<int>(b1), Weights.Persistent<int>(w2), Weights.Persistent<int>(b2),
                Weights.Persistent<int>(hs.ScaleTable), f, fw, clamp, mm);
        }
        catch
        {
            Weights.Dispose();
            throw;
        }
    }

    (ArrayView<float>, ArrayView<float>, int, int) Upload(LinearWeights l) =>
        (Weights.Persistent<float>(l.Weight), Weights.Persistent<float>(l.Bias), l.In, l.Out);

    /// <summary>The device model, or null (with the reason) when the backend is not an ILGPU one or a layer has no device step.</summary>
    public static DeviceModel? TryCreate(LgcModel m, out string why)
    {
        why = "";
        if (m.Backend is not IlgpuBackend g) return null;
        try { return new DeviceModel(g.Queue, m); }
        catch (NotSupportedException e)
        {
            why = e.Message;
            return null;
        }
    }

    public void Dispose() => Weights.Dispose();
}
