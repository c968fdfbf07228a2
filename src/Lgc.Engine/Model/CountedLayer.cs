using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>A backend layer with its multiply-accumulate count, for the model report (no cost at run time).</summary>
internal sealed class CountedLayer(ILayer inner, Func<Shape, Shape, long> macs) : ILayer
{
    /// <summary>The backend layer (the device-resident path runs it on device views).</summary>
    public ILayer Inner => inner;
    public Shape OutShape(Shape x) => inner.OutShape(x);
    public void Forward(ReadOnlySpan<float> x, Shape xShape, Span<float> dst) => inner.Forward(x, xShape, dst);
    public long Macs(Shape x) => macs(x, inner.OutShape(x));
}
