using Lgc.Tensors;

namespace Lgc.Kernels.Tests;

/// <summary>The entropy-side kernels equal their CPU definitions exactly.</summary>
public sealed class EntropyTests
{
    private static readonly IlgpuFixedPoint Gpu = new(Simulator.Backend);

    [Fact]
    public void ScaleIndicesEqualFixedPointOps()
    {
        var rng = new Random(11);
        int[] table = [.. Enumerable.Range(0, 64).Select(i => (int)(1000 * Math.Pow(1.2, i))), int.MaxValue];
        table[10] = table[9]; // a repeated entry: lower bound must still agree
        long[] scales = [.. Enumerable.Range(0, 1031).Select(_ => rng.NextInt64(-10, 3L * int.MaxValue)), table[0], table[9], table[63], long.MinValue, long.MaxValue];
        var expected = new int[scales.Length];
        var actual = new int[scales.Length];
        FixedPointOps.ScaleIndices(scales, table, expected);
        Gpu.ScaleIndices(scales, table, actual);
        Assert.Equal(expected, actual);
        Assert.Equal("scaleTable", Assert.ThrowsAny<ArgumentException>(() => Gpu.ScaleIndices(new long[1], [3, 2], new int[1])).ParamName);
    }

    [Fact]
    public void QuantizeRoundsHalfToEvenAndSaturates()
    {
        var rng = new Random(12);
        float[] y = [.. Enumerable.Range(0, 997).Select(_ => (rng.NextSingle() - 0.5f) * 40), 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 3e9f, -3e9f, float.NaN, float.PositiveInfinity];
        float[] means = [.. Enumerable.Range(0, y.Length).Select(i => i < 997 ? (float)Math.Round(rng.NextSingle() * 8) / 4 : 0f)];
        var actual = new int[y.Length];
        Gpu.Quantize(y, means, actual);
        for (int i = 0; i < y.Length; i++)
        {
            float r = MathF.Round(y[i] - means[i], MidpointRounding.ToEven);
            int expected = float.IsNaN(r) ? 0 : r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r;
            Assert.True(expected == actual[i], $"element {i}: round({y[i]} - {means[i]}) = {expected}, got {actual[i]}");
        }
    }
}
