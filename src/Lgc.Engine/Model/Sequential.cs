using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>A chain of layers run one after the other (each layer prepared once for its backend).</summary>
internal sealed class Sequential(IReadOnlyList<ILayer> layers) : ILayer
{
    public IReadOnlyList<ILayer> Layers { get; } = layers;

    public Shape OutShape(Shape x)
    {
        foreach (var l in Layers) x = l.OutShape(x);
        return x;
    }

    /// <summary>Multiply-accumulates for an input of shape x (convolutions, GDN; element-wise ops count 0).</summary>
    public long Macs(Shape x)
    {
        long total = 0;
        foreach (var l in Layers)
        {
            if (l is CountedLayer c) total += c.Macs(x);
            x = l.OutShape(x);
        }
        return total;
    }

    public Tensor Run(Tensor x)
    {
        foreach (var l in Layers)
        {
            var o = Tensor.Zeros(l.OutShape(x.Shape));
            l.Forward(x.Data, x.Shape, o.Data);
            x = o;
        }
        return x;
    }

    public void Forward(ReadOnlySpan<float> x, Shape xShape, Span<float> dst)
    {
        var r = Run(new Tensor(x.ToArray(), xShape));
        r.Data.CopyTo(dst);
    }
}

/// <summary>Stateless ops wrapped as layers so they can sit in a <see cref="Sequential"/>.</summary>
internal sealed class ReluLayer(IBackend b) : ILayer
{
    public Shape OutShape(Shape x) => x;
    public void Forward(ReadOnlySpan<float> x, Shape s, Span<float> dst) => b.Relu(x, dst);
}

internal sealed class BilinearLayer(IBackend b, int factor) : ILayer
{
    public int Factor => factor;
    public Shape OutShape(Shape x) => new(x.C, x.H * factor, x.W * factor);
    public void Forward(ReadOnlySpan<float> x, Shape s, Span<float> dst) => b.UpsampleBilinear(x, s, factor, dst);
}
