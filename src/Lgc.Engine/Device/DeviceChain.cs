using ILGPU;
using Lgc.Kernels;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Device;

/// <summary>One op of a lowered network: its output shape and how it queues itself on device views.</summary>
internal readonly record struct DeviceStep(Func<Shape, Shape> OutShape, Action<ArrayView<float>, Shape, ArrayView<float>> Enqueue);

/// <summary>
/// A network lowered to device steps for one input shape: the same layer objects the CPU path runs
/// (weights already on the device), ping-ponging between two buffers sized for the largest
/// intermediate. Built once per shape; <see cref="Enqueue"/> only queues kernels.
/// </summary>
internal sealed class DeviceChain
{
    readonly List<Action> _launches = [];

    public Shape OutShape { get; }
    public ArrayView<float> Output { get; }

    public DeviceChain(DeviceArena arena, IReadOnlyList<DeviceStep> steps, ArrayView<float> input, Shape inShape)
    {
        var shapes = new List<Shape> { inShape };
        foreach (var s in steps) shapes.Add(s.OutShape(shapes[^1]));
        OutShape = shapes[^1];
        if (steps.Count == 0)
        {
            Output = input;
            return;
        }
        int max = shapes.Skip(1).Max(s => s.Length);
        ArrayView<float>[] pingPong = [arena.Allocate<float>(max), steps.Count > 1 ? arena.Allocate<float>(max) : default];
        var x = input;
        for (int i = 0; i < steps.Count; i++)
        {
            var (xs, ys, step) = (shapes[i], shapes[i + 1], steps[i]);
            var (xi, yi) = (x.SubView(0, xs.Length), pingPong[i % 2].SubView(0, ys.Length));
            _launches.Add(() => step.Enqueue(xi, xs, yi));
            x = pingPong[i % 2];
        }
        Output = x.SubView(0, OutShape.Length);
    }

    public void Enqueue()
    {
        foreach (var launch in _launches) launch();
    }

    /// <summary>
    /// The device steps of a network built by <see cref="LayerFactory"/> on this backend: conv, deconv,
    /// (I)GDN layers run with their device weights; ReLU and bilinear upsampling become kernels.
    /// Anything else throws <see cref="NotSupportedException"/> (the codec then keeps the per-layer path).
    /// </summary>
    public static List<DeviceStep> Lower(DeviceQueue q, IEnumerable<ILayer> layers)
    {
        var steps = new List<DeviceStep>();
        foreach (var layer in layers)
        {
            switch (layer)
            {
                case Sequential s:
                    steps.AddRange(Lower(q, s.Layers));
                    break;
                case CountedLayer c:
                    steps.AddRange(Lower(q, [c.Inner]));
                    break;
                case ReluLayer:
                    steps.Add(new(s => s, (x, xs, y) => q.Relu(x, y)));
                    break;
                case BilinearLayer bl:
                    int f = bl.Factor;
                    steps.Add(new(s => new Shape(s.C, s.H * f, s.W * f), (x, xs, y) => q.UpsampleBilinear(x, xs, f, y)));
                    break;
                case var l when q.CanRun(l):
                    steps.Add(new(l.OutShape, (x, xs, y) => q.Layer(l, x, xs, y)));
                    break;
                default:
                    throw new NotSupportedException($"no device step for {layer.GetType().Name}");
            }
        }
        return steps;
    }
}
