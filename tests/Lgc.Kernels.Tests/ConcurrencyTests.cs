using Lgc.Tensors;

namespace Lgc.Kernels.Tests;

/// <summary>Layers of one backend share its scratch buffers; concurrent calls must still give each caller its own result.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void ConcurrentForwardCallsAreIsolated()
    {
        var b = Simulator.Backend;
        var d = new Conv2dDesc(4, 6, 3, 2, 1);
        var rng = new Random(3);
        var w = Enumerable.Range(0, 6 * 4 * 9).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        var layer = b.Conv2d(d, w, new float[6]);
        var xs = new Shape(4, 9, 11);
        var inputs = Enumerable.Range(0, 8).Select(k => Enumerable.Range(0, xs.Length).Select(i => (float)((i * 7 + k * 13) % 17 - 8)).ToArray()).ToArray();
        var serial = inputs.Select(x => Run(layer, x, xs)).ToArray();
        var parallel = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            parallel[k] = Run(layer, inputs[k], xs);
            b.Relu(inputs[k], new float[xs.Length]); // another op in between, on the same scratch buffers
        });
        for (int k = 0; k < inputs.Length; k++) Assert.Equal(serial[k], parallel[k]);
    }

    private static float[] Run(ILayer layer, float[] x, Shape xs)
    {
        var y = new float[layer.OutShape(xs).Length];
        layer.Forward(x, xs, y);
        return y;
    }
}
