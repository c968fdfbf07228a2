namespace Lgc.Tensors.Tests;

/// <summary>
/// The int32 h_s layers against the BigInteger oracle of <see cref="FixedPointTests"/>: same integers on the int32 path
/// (inputs inside the proven bound) and on the int64 fallback (inputs beyond it), at sizes that do not fill the blocks.
/// </summary>
public sealed class FixedPointConvTests
{
    const int Fw = 12, ClampBits = 22;

    /// <summary>Weights and biases of the shipped models' magnitudes (|w| ≤ ~8000, |b| ≤ ~2^19); activations up to maxX.</summary>
    static (long[] X, int[] W, int[] B) Random(int seed, int xLen, int wLen, int bLen, long maxX, int maxW = 8000)
    {
        var rng = new Random(seed);
        return (Enumerable.Range(0, xLen).Select(_ => rng.NextInt64(-maxX, maxX + 1)).ToArray(),
                Enumerable.Range(0, wLen).Select(_ => rng.Next(-maxW, maxW + 1)).ToArray(),
                Enumerable.Range(0, bLen).Select(_ => rng.Next(-(1 << 19), 1 << 19)).ToArray());
    }

    [Theory]
    [InlineData(13, 26, 3, 1, 1, 5, 6, false)]
    [InlineData(64, 37, 3, 1, 1, 16, 16, false)]
    [InlineData(7, 5, 5, 2, 2, 9, 7, true)]
    [InlineData(1, 1, 1, 1, 0, 1, 1, true)]
    public void ConvMatchesTheOracleOnTheInt32Path(int cin, int cout, int k, int s, int pad, int h, int w, bool relu)
    {
        var d = new Conv2dDesc(cin, cout, k, s, pad);
        var xs = new Shape(cin, h, w);
        var (x0, wt, b) = Random(cin * 31 + k, 0, cout * cin * k * k, cout, 0);
        var layer = FixedPointConv.Conv(d, wt, b, Fw, relu, ClampBits);
        Assert.True(layer.MaxExactInput > 0);
        var x = Random(cin + h, xs.Length, 0, 0, layer.MaxExactInput).X;
        var y = new long[d.OutShape(xs).Length];
        Assert.True(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConv(d, x, xs, wt, b, relu), y);
    }

    [Theory]
    [InlineData(64, 64, 5, 2, 2, 1, 4, 4, true)]
    [InlineData(13, 13, 5, 2, 2, 1, 4, 5, true)]
    [InlineData(5, 3, 3, 2, 1, 0, 6, 3, false)]
    [InlineData(4, 6, 5, 3, 2, 2, 3, 4, false)]
    [InlineData(3, 2, 2, 2, 0, 0, 1, 1, false)]
    public void TransposedMatchesTheOracleOnTheInt32Path(int cin, int cout, int k, int s, int pad, int op, int h, int w, bool relu)
    {
        var d = new ConvTranspose2dDesc(cin, cout, k, s, pad, op);
        var xs = new Shape(cin, h, w);
        var (_, wt, b) = Random(cin * 17 + k, 0, cin * cout * k * k, cout, 0);
        var layer = FixedPointConv.Transposed(d, wt, b, Fw, relu, ClampBits);
        var x = Random(cin * 3 + w, xs.Length, 0, 0, layer.MaxExactInput).X;
        var y = new long[d.OutShape(xs).Length];
        Assert.True(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConvT(d, x, xs, wt, b, relu), y);
    }

    [Fact]
    public void ThePlainMicroKernelGivesTheSameIntegers()
    {
        var d = new ConvTranspose2dDesc(9, 7, 5, 2, 2, 1);
        var xs = new Shape(9, 3, 5);
        var (_, wt, b) = Random(11, 0, 9 * 7 * 25, 7, 0);
        var layer = FixedPointConv.Transposed(d, wt, b, Fw, relu: true, ClampBits);
        var x = Random(12, xs.Length, 0, 0, layer.MaxExactInput).X;
        var y = new long[d.OutShape(xs).Length];
        try
        {
            FixedPointConv.ForceScalar = true;
            Assert.True(layer.Forward(x, xs, y));
        }
        finally { FixedPointConv.ForceScalar = false; }
        Assert.Equal(FixedPointTests.NaiveConvT(d, x, xs, wt, b, true), y);
    }

    [Fact]
    public void TheBoundIsTightAndBeyondItTheInt64PathGivesTheSameIntegers()
    {
        var d = new Conv2dDesc(8, 5, 3, 1, 1);
        var xs = new Shape(8, 7, 9);
        var (_, wt, b) = Random(3, 0, 5 * 8 * 9, 5, 0, maxW: 30000);
        var layer = FixedPointConv.Conv(d, wt, b, Fw, relu: false, ClampBits);
        long m = layer.MaxExactInput;
        // with every weight of one output channel at its sign and x = ±m everywhere, the sum reaches m·Σ|w|: just inside int32
        var x = Random(4, xs.Length, 0, 0, m).X;
        x[0] = m;
        var y = new long[d.OutShape(xs).Length];
        Assert.True(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConv(d, x, xs, wt, b, false), y);
        x[0] = m + 1;
        Assert.False(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConv(d, x, xs, wt, b, false), y);
        x[0] = 1L << 40; // far beyond int32 (the contract allows |a| ≤ 2^clamp_bits)
        Assert.False(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConv(d, x, xs, wt, b, false, ClampBits), y);
    }

    [Fact]
    public void WeightsBeyondInt16AlwaysTakeTheInt64Path()
    {
        var d = new ConvTranspose2dDesc(3, 4, 5, 2, 2, 1);
        var xs = new Shape(3, 3, 4);
        var (x, wt, b) = Random(9, xs.Length, 3 * 4 * 25, 4, 50);
        wt[7] = 40_000;
        var layer = FixedPointConv.Transposed(d, wt, b, Fw, relu: true, ClampBits);
        Assert.Equal(0, layer.MaxExactInput);
        var y = new long[d.OutShape(xs).Length];
        Assert.False(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConvT(d, x, xs, wt, b, true), y);
    }

    [Fact]
    public void BoundCoversTheWorstCaseSignPattern()
    {
        // all weights +maxW and all inputs +m: the largest possible sum; the int32 path must still be exact
        var d = new Conv2dDesc(16, 4, 3, 1, 1);
        var xs = new Shape(16, 5, 5);
        var wt = Enumerable.Repeat(32767, 4 * 16 * 9).ToArray();
        var b = Enumerable.Repeat(1 << 19, 4).ToArray();
        var layer = FixedPointConv.Conv(d, wt, b, Fw, relu: false, clampBits: 40);
        long m = layer.MaxExactInput;
        Assert.InRange(m, 1, 32767);
        var x = Enumerable.Repeat(m, xs.Length).ToArray();
        var y = new long[d.OutShape(xs).Length];
        Assert.True(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConv(d, x, xs, wt, b, false, 40), y);
        Array.Fill(x, -m);
        Assert.True(layer.Forward(x, xs, y));
        Assert.Equal(FixedPointTests.NaiveConv(d, x, xs, wt, b, false, 40), y);
    }
}
