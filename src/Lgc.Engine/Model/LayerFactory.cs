using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>Builds backend layers from named weights with the shapes docs/model-format.md gives.</summary>
internal sealed class LayerFactory(IWeights w, IBackend b)
{
    public IBackend Backend => b;

    /// <summary>conv(k, s): padding k/2, weight [cout, cin, k, k].</summary>
    public ILayer Conv(string name, int cin, int cout, int k, int stride) => new CountedLayer(
        b.Conv2d(new Conv2dDesc(cin, cout, k, stride, k / 2),
            w.Float(name + ".weight", cout, cin, k, k), w.Float(name + ".bias", cout)),
        (_, o) => (long)cout * cin * k * k * o.Plane);

    /// <summary>deconv(k, s): padding k/2, output_padding s-1, weight [cin, cout, k, k].</summary>
    public ILayer Deconv(string name, int cin, int cout, int k, int stride) => new CountedLayer(
        b.ConvTranspose2d(new ConvTranspose2dDesc(cin, cout, k, stride, k / 2, stride - 1),
            w.Float(name + ".weight", cin, cout, k, k), w.Float(name + ".bias", cout)),
        (i, _) => (long)cin * cout * k * k * i.Plane);

    public ILayer Gdn(string name, int c, bool inverse) => new CountedLayer(
        b.Gdn(c, w.Float(name + ".beta", c), w.Float(name + ".gamma", c, c), inverse),
        (i, _) => (long)c * c * i.Plane);

    public LinearWeights Linear(string name, int inF, int outF) =>
        new(w.Float(name + ".weight", outF, inF), w.Float(name + ".bias", outF), inF, outF);

    public ILayer Relu() => new ReluLayer(b);
    public ILayer Bilinear(int factor) => new BilinearLayer(b, factor);
}

internal sealed record LinearWeights(float[] Weight, float[] Bias, int In, int Out);
