using System.Numerics;

namespace Lgc.Tensors.Tests;

public sealed class FixedPointTests
{
    private const int Fw = 12, ClampBits = 22;

    /// <summary>Independent oracle: BigInteger sums and true floor division (no shifts).</summary>
    private static long Finish(BigInteger acc, int fw, bool relu, int clampBits)
    {
        BigInteger num = acc + (BigInteger.One << (fw - 1)), den = BigInteger.One << fw;
        var q = BigInteger.DivRem(num, den, out var r);
        if (r.Sign < 0) q -= 1; // DivRem truncates; floor needs one less for negative remainders
        long v = (long)q;
        if (relu) v = Math.Max(v, 0);
        return Math.Clamp(v, -(1L << clampBits), 1L << clampBits);
    }

    internal static long[] NaiveConv(Conv2dDesc d, long[] x, Shape xs, int[] w, int[] b, bool relu, int clampBits = ClampBits)
    {
        var os = d.OutShape(xs);
        var y = new long[os.Length];
        for (int co = 0; co < d.Cout; co++)
        for (int oy = 0; oy < os.H; oy++)
        for (int ox = 0; ox < os.W; ox++)
        {
            BigInteger acc = b[co];
            for (int ci = 0; ci < d.Cin; ci++)
            for (int ky = 0; ky < d.K; ky++)
            for (int kx = 0; kx < d.K; kx++)
            {
                int iy = oy * d.Stride - d.Pad + ky, ix = ox * d.Stride - d.Pad + kx;
                if (iy >= 0 && iy < xs.H && ix >= 0 && ix < xs.W)
                    acc += (BigInteger)w[((co * d.Cin + ci) * d.K + ky) * d.K + kx] * x[(ci * xs.H + iy) * xs.W + ix];
            }
            y[(co * os.H + oy) * os.W + ox] = Finish(acc, Fw, relu, clampBits);
        }
        return y;
    }

    /// <summary>Scatter form (the implementation gathers), so the two index mappings check each other.</summary>
    internal static long[] NaiveConvT(ConvTranspose2dDesc d, long[] x, Shape xs, int[] w, int[] b, bool relu, int clampBits = ClampBits)
    {
        var os = d.OutShape(xs);
        var acc = new BigInteger[os.Length];
        for (int co = 0; co < d.Cout; co++)
            for (int i = 0; i < os.Plane; i++) acc[co * os.Plane + i] = b[co];
        for (int ci = 0; ci < d.Cin; ci++)
        for (int iy = 0; iy < xs.H; iy++)
        for (int ix = 0; ix < xs.W; ix++)
        for (int co = 0; co < d.Cout; co++)
        for (int ky = 0; ky < d.K; ky++)
        for (int kx = 0; kx < d.K; kx++)
        {
            int oy = iy * d.Stride - d.Pad + ky, ox = ix * d.Stride - d.Pad + kx;
            if (oy >= 0 && oy < os.H && ox >= 0 && ox < os.W)
                acc[(co * os.H + oy) * os.W + ox] += (BigInteger)w[((ci * d.Cout + co) * d.K + ky) * d.K + kx] * x[(ci * xs.H + iy) * xs.W + ix];
        }
        return acc.Select(a => Finish(a, Fw, relu, clampBits)).ToArray();
    }

    /// <summary>Contract magnitudes: |a| ≤ 2^22, |w| &lt; 2^15, biases around 2^(F+Fw).</summary>
    private static (long[] X, int[] W, int[] B) Random(int seed, int xLen, int wLen, int bLen)
    {
        var rng = new Random(seed);
        return (Enumerable.Range(0, xLen).Select(_ => rng.NextInt64(-(1L << 22), (1L << 22) + 1)).ToArray(),
                Enumerable.Range(0, wLen).Select(_ => rng.Next(-(1 << 15) + 1, 1 << 15)).ToArray(),
                Enumerable.Range(0, bLen).Select(_ => rng.Next(-(1 << 24), 1 << 24)).ToArray());
    }

    [Theory]
    [InlineData(13, 26, 3, 1, 5, 6, false)]
    [InlineData(7, 5, 5, 2, 9, 7, true)]
    public void Conv2dIsExact(int cin, int cout, int k, int s, int h, int w, bool relu)
    {
        var d = new Conv2dDesc(cin, cout, k, s, k / 2);
        var xs = new Shape(cin, h, w);
        var (x, wt, b) = Random(cin * 31 + k, xs.Length, cout * cin * k * k, cout);
        var y = new long[d.OutShape(xs).Length];
        FixedPointOps.Conv2d(d, x, xs, wt, b, Fw, relu, ClampBits, y);
        Assert.Equal(NaiveConv(d, x, xs, wt, b, relu), y);
    }

    [Theory]
    [InlineData(13, 13, 5, 2, 2, 1, 4, 5, true)]
    [InlineData(5, 3, 3, 2, 1, 0, 6, 3, false)]
    [InlineData(4, 6, 5, 3, 2, 2, 3, 4, false)]
    public void ConvTranspose2dIsExact(int cin, int cout, int k, int s, int pad, int op, int h, int w, bool relu)
    {
        var d = new ConvTranspose2dDesc(cin, cout, k, s, pad, op);
        var xs = new Shape(cin, h, w);
        var (x, wt, b) = Random(cin * 17 + k, xs.Length, cin * cout * k * k, cout);
        var y = new long[d.OutShape(xs).Length];
        FixedPointOps.ConvTranspose2d(d, x, xs, wt, b, Fw, relu, ClampBits, y);
        Assert.Equal(NaiveConvT(d, x, xs, wt, b, relu), y);
    }

    [Fact]
    public void ActivationsBeyondInt32UseTheWideScalarPath()
    {
        // the SIMD path multiplies 32-bit halves; one activation above int32 must switch it off
        const int clamp = 60;
        var cd = new Conv2dDesc(3, 4, 3, 1, 1);
        var td = new ConvTranspose2dDesc(3, 4, 5, 2, 2, 1);
        var xs = new Shape(3, 5, 9);
        var (x, wc, b) = Random(7, xs.Length, 4 * 3 * 9, 4);
        x[17] = 1L << 40;
        var yc = new long[cd.OutShape(xs).Length];
        FixedPointOps.Conv2d(cd, x, xs, wc, b, Fw, false, clamp, yc);
        Assert.Equal(NaiveConv(cd, x, xs, wc, b, false, clamp), yc);
        var wt = Random(8, 0, 3 * 4 * 25, 0).W;
        var yt = new long[td.OutShape(xs).Length];
        FixedPointOps.ConvTranspose2d(td, x, xs, wt, b, Fw, false, clamp, yt);
        Assert.Equal(NaiveConvT(td, x, xs, wt, b, false, clamp), yt);
    }

    [Fact]
    public void ShiftRoundsHalfUpAsFloorOnNegatives()
    {
        // identity 1x1 conv, Fw = 2: out = floor((x + 2) / 4)
        long[] x = [-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 5, 6];
        var y = new long[x.Length];
        FixedPointOps.Conv2d(new Conv2dDesc(1, 1, 1, 1, 0), x, new Shape(1, 1, x.Length), [1], [0], 2, false, 30, y);
        Assert.Equal([-2L, -1, -1, -1, -1, 0, 0, 0, 0, 1, 1, 2], y);
    }

    [Fact]
    public void ReluAndClamp()
    {
        long[] x = [-100_000, -3, 3, 100_000];
        var y = new long[4];
        var d = new Conv2dDesc(1, 1, 1, 1, 0);
        FixedPointOps.Conv2d(d, x, new Shape(1, 1, 4), [1 << 4], [0], 4, false, 10, y);
        Assert.Equal([-1024L, -3, 3, 1024], y);
        FixedPointOps.Conv2d(d, x, new Shape(1, 1, 4), [1 << 4], [0], 4, true, 10, y);
        Assert.Equal([0L, 0, 3, 1024], y);
    }

    [Fact]
    public void ScaleIndicesCountTableEntriesBelow()
    {
        int[] table = [10, 20, 30, 40];
        long[] s = [-5, 5, 10, 11, 20, 30, 31, 40, 1000];
        var idx = new int[s.Length];
        FixedPointOps.ScaleIndices(s, table, idx);
        Assert.Equal([0, 0, 0, 1, 1, 2, 3, 3, 3], idx); // only table[0..L-2] counts, so at most L-1

        var rng = new Random(5);
        var big = Enumerable.Range(0, 64).Select(i => (int)(28 * Math.Pow(1.1, i))).ToArray();
        var many = Enumerable.Range(0, 1000).Select(_ => rng.NextInt64(-10, 60_000)).ToArray();
        var got = new int[many.Length];
        FixedPointOps.ScaleIndices(many, big, got);
        Assert.Equal(many.Select(v => big[..^1].Count(t => t < v)).ToArray(), got);
    }
}
