using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>Face parsing (19 classes) and 40 attributes from a [M, H/16, W/16] feature map:
/// the dequantized latents y_hat ("an.*") or the RGB stem output ("rgb.*").</summary>
internal sealed class AnalysisHeads
{
    public const int ParseClasses = 19;
    public const int Attributes = 40;

    readonly IBackend _b;
    readonly Sequential _trunk;
    readonly Sequential _parse;
    readonly LinearWeights _attr;

    public AnalysisHeads(LayerFactory f, string prefix, int m, int c)
    {
        _b = f.Backend;
        _trunk = new([f.Conv($"{prefix}.trunk.conv0", m, c, 3, 1), f.Relu(), f.Conv($"{prefix}.trunk.conv1", c, c, 3, 1), f.Relu()]);
        _parse = new([
            f.Bilinear(2), f.Conv($"{prefix}.parse.conv0", c, c, 3, 1), f.Relu(),
            f.Bilinear(2), f.Conv($"{prefix}.parse.conv1", c, c, 3, 1), f.Relu(),
            f.Conv($"{prefix}.parse.out", c, ParseClasses, 1, 1), f.Bilinear(4)]);
        _attr = f.Linear($"{prefix}.attr.fc", c, Attributes);
    }

    public long Macs(Shape features)
    {
        var t = _trunk.OutShape(features);
        return _trunk.Macs(features) + _parse.Macs(t) + (long)_attr.In * _attr.Out;
    }

    public Tensor Trunk(Tensor features) => _trunk.Run(features);

    /// <summary>Parsing logits [19, 16h, 16w] and attribute logits [40].</summary>
    public (Tensor ParseLogits, float[] AttrLogits) Run(Tensor features)
    {
        var t = Trunk(features);
        var logits = _parse.Run(t);
        var pooled = new float[t.Shape.C];
        _b.GlobalAvgPool(t.Data, t.Shape, pooled);
        var attr = new float[Attributes];
        _b.Linear(pooled, _attr.Weight, _attr.Bias, _attr.In, _attr.Out, attr);
        return (logits, attr);
    }
}
