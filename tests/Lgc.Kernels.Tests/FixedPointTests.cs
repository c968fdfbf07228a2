using Lgc.Tensors;

namespace Lgc.Kernels.Tests;

/// <summary>The ILGPU integer h_s convs equal FixedPointOps bit for bit (random data, fixed seeds).</summary>
public sealed class FixedPointTests
{
    private static readonly IlgpuFixedPoint Gpu = new(Simulator.Backend);

    // (cin, cout, k, stride, h, w, activation bits): odd sizes that fill no group evenly; 40-bit
    // activations take FixedPointOps' wide (non-int32) path, so both of its paths are compared
    public static TheoryData<int, int, int, int, int, int, int> ConvCases() => new()
    {
        { 3, 5, 3, 1, 7, 9, 20 }, { 13, 7, 5, 2, 9, 11, 20 }, { 4, 3, 1, 1, 5, 3, 40 }, { 6, 9, 3, 3, 10, 7, 40 }, { 1, 1, 5, 2, 2, 2, 16 },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2dIsExact(int cin, int cout, int k, int s, int h, int w, int bits)
    {
        var d = new Conv2dDesc(cin, cout, k, s, k / 2);
        var xs = new Shape(cin, h, w);
        var (x, wt, bias) = Inputs(HashCode.Combine(cin, cout, k, s, h, w, bits), xs.Length, cout * cin * k * k, cout, bits);
        var os = d.OutShape(xs);
        foreach (var (relu, clamp) in new[] { (false, 62), (true, 18), (false, 10) })
        {
            var expected = new long[os.Length];
            var actual = new long[os.Length];
            FixedPointOps.Conv2d(d, x, xs, wt, bias, 12, relu, clamp, expected);
            Gpu.Conv2d(d, x, xs, wt, bias, 12, relu, clamp, actual);
            Assert.Equal(expected, actual);
        }
    }

    public static TheoryData<int, int, int, int, int, int, int, int> ConvTCases() => new()
    {
        { 5, 3, 5, 2, 2, 1, 7, 9 }, { 3, 13, 3, 1, 1, 0, 5, 6 }, { 6, 5, 3, 3, 1, 2, 5, 6 }, { 7, 2, 4, 2, 1, 0, 3, 11 }, { 2, 3, 1, 2, 0, 1, 4, 4 },
    };

    [Theory]
    [MemberData(nameof(ConvTCases))]
    public void ConvTranspose2dIsExact(int cin, int cout, int k, int s, int pad, int op, int h, int w)
    {
        var d = new ConvTranspose2dDesc(cin, cout, k, s, pad, op);
        var xs = new Shape(cin, h, w);
        var os = d.OutShape(xs);
        foreach (int bits in new[] { 20, 40 })
        {
            var (x, wt, bias) = Inputs(HashCode.Combine(cin, cout, k, s, pad, op, h, bits), xs.Length, cin * cout * k * k, cout, bits);
            foreach (var (relu, clamp) in new[] { (false, 62), (true, 18), (false, 10) })
            {
                var expected = new long[os.Length];
                var actual = new long[os.Length];
                FixedPointOps.ConvTranspose2d(d, x, xs, wt, bias, 14, relu, clamp, expected);
                Gpu.ConvTranspose2d(d, x, xs, wt, bias, 14, relu, clamp, actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void ChecksArgumentsLikeFixedPointOps()
    {
        var d = new Conv2dDesc(1, 1, 1, 1, 0);
        Assert.Equal("weight", Assert.ThrowsAny<ArgumentException>(() => Gpu.Conv2d(d, new long[4], new Shape(1, 2, 2), new int[2], new int[1], 12, false, 22, new long[4])).ParamName);
        Assert.Equal("dst", Assert.ThrowsAny<ArgumentException>(() => Gpu.Conv2d(d, new long[4], new Shape(1, 2, 2), new int[1], new int[1], 12, false, 22, new long[3])).ParamName);
        Assert.Equal("weightFracBits", Assert.ThrowsAny<ArgumentException>(() => Gpu.Conv2d(d, new long[4], new Shape(1, 2, 2), new int[1], new int[1], 0, false, 22, new long[4])).ParamName);
    }

    /// <summary>Activations of ±2^bits, 16-bit weights, 24-bit biases.</summary>
    private static (long[] X, int[] W, int[] B) Inputs(int seed, int n, int nw, int nb, int bits)
    {
        var rng = new Random(seed);
        var x = new long[n];
        for (int i = 0; i < n; i++) x[i] = rng.NextInt64(-(1L << bits), 1L << bits);
        var w = new int[nw];
        for (int i = 0; i < nw; i++) w[i] = rng.Next(-(1 << 15), 1 << 15);
        var b = new int[nb];
        for (int i = 0; i < nb; i++) b[i] = rng.Next(-(1 << 24), 1 << 24);
        return (x, w, b);
    }
}
