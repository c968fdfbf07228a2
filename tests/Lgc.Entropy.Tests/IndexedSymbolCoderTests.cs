using Xunit;
using Lgc.Entropy;
using static Lgc.Entropy.Tests.GaussianTableBuilder;

namespace Lgc.Entropy.Tests;

public class IndexedSymbolCoderTests
{
    private static readonly double[] Scales = { 0.11, 0.3, 1, 2.5, 7, 20, 80, 256 };

    private static List<Table> GaussianSet() => Scales.Select(s => Gaussian(s)).ToList();

    private static int[] Skewed(int symbols) // one symbol holds 2^16 - (n - 1)
    {
        var freq = Enumerable.Repeat(1, symbols + 1).ToArray();
        freq[symbols / 2] = 65536 - symbols;
        return FromFrequencies(freq);
    }

    [Fact]
    public void ManyInterleavedTablesRoundTrip()
    {
        var rng = new Random(10);
        var rows = GaussianSet();
        rows.AddRange(new[] { 0.5, 4, 30 }.Select(s => Laplace(s)));
        var t = Build(rows);
        var idx = Enumerable.Range(0, 300000).Select(_ => rng.Next(rows.Count)).ToArray();
        TestUtil.AssertRoundTrip(t, TestUtil.SampleValues(rows, idx, rng), idx);
    }

    [Fact]
    public void AdversarialTablesRoundTrip()
    {
        var rng = new Random(11);
        var rows = new List<Table>
        {
            new(Skewed(1), 0),                               // length 3: one symbol + escape
            new(FromFrequencies(new[] { 65535, 1 }), 5),      // length 3, escape nearly impossible
            new(FromFrequencies(new[] { 1, 65535 }), -5),     // length 3, escape nearly certain
            new(Skewed(2), 0),
            new(Skewed(300), -150),
            new(Skewed(40000), int.MinValue),
            new(FromFrequencies(Enumerable.Repeat(1, 65536).ToArray()), int.MaxValue - 65534), // uniform, max symbols
            new(FromFrequencies(Enumerable.Repeat(256, 256).ToArray()), 0),                    // uniform 256
            new(FromPmf(new double[] { 1 }, 1e-12), 0),
        };
        var t = Build(rows);
        var idx = Enumerable.Range(0, 200000).Select(_ => rng.Next(rows.Count)).ToArray();
        TestUtil.AssertRoundTrip(t, TestUtil.SampleValues(rows, idx, rng), idx);
        // Same values but every one uniformly random over its window (+ escapes), not the table's pmf.
        var values = idx.Select(j => rows[j].Offset + rng.Next(-2, rows[j].Cdf.Length)).ToArray();
        TestUtil.AssertRoundTrip(t, values, idx);
    }

    [Fact]
    public void ExtremeValuesAreEscapedAndRoundTrip()
    {
        var rng = new Random(12);
        int[] offsets = { 0, -3, 1000, int.MinValue, int.MaxValue, int.MinValue + 1, int.MaxValue - 2 };
        var rows = offsets.Select(o => new Table(Gaussian(1).Cdf, o)).ToList();
        var t = Build(rows);
        int[] specials = { int.MinValue, int.MinValue + 1, int.MaxValue, int.MaxValue - 1, 0, -1, 1,
            1 << 30, -(1 << 30), 1 << 16, -(1 << 16), 65535, -65536 };
        var vals = new List<int>(); var idx = new List<int>();
        for (int j = 0; j < rows.Count; j++)
        {
            foreach (int v in specials) { vals.Add(v); idx.Add(j); }
            for (int k = 0; k < 2000; k++) { vals.Add(rng.Next(int.MinValue, int.MaxValue)); idx.Add(j); }
            for (int d = -20; d < 40; d++) { vals.Add(unchecked(rows[j].Offset + d)); idx.Add(j); }
        }
        TestUtil.AssertRoundTrip(t, vals.ToArray(), idx.ToArray());
    }

    [Fact]
    public void EmptyAndSingleSymbol()
    {
        var t = Build(Gaussian(2));
        Assert.Empty(TestUtil.AssertRoundTrip(t, Array.Empty<int>(), Array.Empty<int>()));
        for (int v = -20; v <= 20; v++)
        {
            byte[] b = TestUtil.AssertRoundTrip(t, new[] { v }, new[] { 0 });
            Assert.True(b.Length <= 8, $"value {v}: {b.Length} bytes");
        }
        // The most probable symbol alone costs < 1 byte of payload, so at most 1 byte.
        Assert.True(TestUtil.Encode(t, new[] { 0 }, new[] { 0 }).Length <= 1);
    }

    [Fact]
    public void FactorizedAndGaussianConveniencesMatchIndexedCoding()
    {
        var rng = new Random(13);
        var rows = GaussianSet();
        var t = Build(rows);
        int channels = rows.Count, plane = 37;
        var idx = Enumerable.Range(0, channels * plane).Select(i => i / plane).ToArray();
        var values = TestUtil.SampleValues(rows, idx, rng);

        var enc = new RangeEncoder();
        IndexedSymbolCoder.EncodeFactorized(enc, t, values, channels, plane);
        byte[] fact = enc.ToArray();
        Assert.Equal(TestUtil.Encode(t, values, idx), fact);
        var dec = new RangeDecoder(fact);
        var back = new int[values.Length];
        IndexedSymbolCoder.DecodeFactorized(ref dec, t, back, channels, plane);
        Assert.Equal(values, back);

        var scaleIdx = idx.Reverse().ToArray();
        var sym = TestUtil.SampleValues(rows, scaleIdx, rng);
        enc = new RangeEncoder();
        IndexedSymbolCoder.EncodeGaussian(enc, t, sym, scaleIdx);
        byte[] gc = enc.ToArray();
        Assert.Equal(TestUtil.Encode(t, sym, scaleIdx), gc);
        dec = new RangeDecoder(gc);
        IndexedSymbolCoder.DecodeGaussian(ref dec, t, scaleIdx, back);
        Assert.Equal(sym, back);
    }

    [Fact]
    public void SeveralSectionsShareOneStream()
    {
        var rng = new Random(14);
        var zRows = new[] { 0.5, 2, 9 }.Select(s => Laplace(s)).ToList();
        var yRows = GaussianSet();
        CdfTables zt = Build(zRows), yt = Build(yRows);
        var zIdx = Enumerable.Range(0, 3 * 50).Select(i => i / 50).ToArray();
        var yIdx = Enumerable.Range(0, 5000).Select(_ => rng.Next(yRows.Count)).ToArray();
        var z = TestUtil.SampleValues(zRows, zIdx, rng);
        var y = TestUtil.SampleValues(yRows, yIdx, rng);
        var enc = new RangeEncoder();
        IndexedSymbolCoder.EncodeFactorized(enc, zt, z, 3, 50);
        IndexedSymbolCoder.EncodeGaussian(enc, yt, y, yIdx);
        var dec = new RangeDecoder(enc.ToArray());
        var z2 = new int[z.Length]; var y2 = new int[y.Length];
        IndexedSymbolCoder.DecodeFactorized(ref dec, zt, z2, 3, 50);
        IndexedSymbolCoder.DecodeGaussian(ref dec, yt, yIdx, y2);
        Assert.Equal(z, z2);
        Assert.Equal(y, y2);
    }

    [Fact]
    public void ArgumentChecks()
    {
        var t = Build(Gaussian(1), Gaussian(2));
        var enc = new RangeEncoder();
        Assert.Throws<ArgumentException>(() => IndexedSymbolCoder.Encode(enc, t, new int[3], new int[2]));
        Assert.Throws<ArgumentException>(() => IndexedSymbolCoder.Encode(enc, t, new int[2], new[] { 0, 2 }));
        Assert.Throws<ArgumentException>(() => IndexedSymbolCoder.Encode(enc, t, new int[2], new[] { -1, 0 }));
        Assert.Throws<ArgumentException>(() => IndexedSymbolCoder.EncodeFactorized(enc, t, new int[6], 3, 2));
        Assert.Throws<ArgumentException>(() => IndexedSymbolCoder.EncodeFactorized(enc, t, new int[5], 2, 3));
        Assert.Throws<ArgumentException>(() => IndexedSymbolCoder.EncodeGaussian(enc, t, new int[1], new[] { 5 }));
        Assert.Throws<ArgumentNullException>(() => IndexedSymbolCoder.Encode(null!, t, new int[1], new int[1]));
        Assert.Throws<ArgumentNullException>(() => IndexedSymbolCoder.Encode(enc, null!, new int[1], new int[1]));
        // A rejected call writes nothing.
        Assert.Equal(0, enc.Finish());
        Assert.Throws<InvalidOperationException>(() => IndexedSymbolCoder.Encode(enc, t, new int[1], new int[1]));

        byte[] data = new byte[16];
        Assert.Throws<ArgumentException>(() => { var d = new RangeDecoder(data); IndexedSymbolCoder.Decode(ref d, t, new int[2], new int[3]); });
        Assert.Throws<ArgumentException>(() => { var d = new RangeDecoder(data); IndexedSymbolCoder.Decode(ref d, t, new[] { 7 }, new int[1]); });
        Assert.Throws<ArgumentException>(() => { var d = new RangeDecoder(data); IndexedSymbolCoder.DecodeFactorized(ref d, t, new int[4], 1, 4); });
        Assert.Throws<ArgumentException>(() => { var d = new RangeDecoder(data); IndexedSymbolCoder.DecodeGaussian(ref d, t, new[] { 0 }, new int[2]); });
    }
}
