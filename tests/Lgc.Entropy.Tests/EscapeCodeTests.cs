using Xunit;
using Lgc.Entropy;

namespace Lgc.Entropy.Tests;

public class EscapeCodeTests
{
    [Fact]
    public void AnyInt32RoundTripsForAnyWindow()
    {
        var rng = new Random(20);
        int[] offsets = { 0, 1, -1, int.MinValue, int.MaxValue, int.MinValue + 7, int.MaxValue - 7, 123456 };
        int[] windows = { 1, 2, 7, 65535 };
        int[] specials = { int.MinValue, int.MinValue + 1, int.MaxValue, int.MaxValue - 1, 0, -1, 1 };
        var items = new List<(int v, int o, int n)>();
        foreach (int o in offsets)
            foreach (int n in windows)
            {
                var cand = specials.Concat(Enumerable.Range(0, 200).Select(_ => rng.Next(int.MinValue, int.MaxValue)))
                    .Concat(Enumerable.Range(-3, n + 6).Take(30).Select(d => unchecked(o + d)))
                    .Concat(Enumerable.Range(n - 3, 6).Select(d => unchecked(o + d)));
                foreach (int v in cand)
                {
                    long idx = (long)v - o;
                    if (idx < 0 || idx >= n) items.Add((v, o, n));
                }
            }
        var enc = new RangeEncoder();
        foreach (var (v, o, n) in items) EscapeCode.Encode(enc, v, o, n);
        var dec = new RangeDecoder(enc.ToArray());
        foreach (var (v, o, n) in items)
            Assert.Equal(v, EscapeCode.Decode(ref dec, o, n));
    }

    [Fact]
    public void NearbyOverflowsAreShort()
    {
        // Just above the window (w = 0, u = 0) costs 1 bit, just below (w = -1, u = 1) 2 bits.
        // Random order: a periodic bit pattern can have a freakishly short range-coded form.
        var rng = new Random(21);
        var enc = new RangeEncoder();
        int bits = 0;
        for (int i = 0; i < 8000; i++)
        {
            bool below = rng.Next(2) == 0;
            EscapeCode.Encode(enc, below ? -1 : 10, 0, 10);
            bits += below ? 2 : 1;
        }
        Assert.InRange(enc.Finish(), bits / 8 - 1, bits / 8 + 5);
    }

    [Fact]
    public void InsideWindowIsRejected()
    {
        var enc = new RangeEncoder();
        Assert.Throws<ArgumentException>(() => EscapeCode.Encode(enc, 3, 0, 10));
    }

    [Fact]
    public void LengthAbove32IsInvalidData()
    {
        var enc = new RangeEncoder();
        for (int i = 0; i < 33; i++) enc.EncodeBits(1, 1); // unary is read one bit at a time
        byte[] data = enc.ToArray();
        var ex = Assert.Throws<InvalidDataException>(() => { var d = new RangeDecoder(data); EscapeCode.Decode(ref d, 0, 1); });
        Assert.Contains("32", ex.Message);

        // Same through the symbol coder: escape symbol, then the over-long length.
        var t = GaussianTableBuilder.Build(GaussianTableBuilder.Gaussian(1));
        enc = new RangeEncoder();
        var row = t.Cdf(0);
        int esc = t.EscapeSymbol(0);
        enc.Encode((uint)row[esc], (uint)(row[esc + 1] - row[esc]), 16);
        for (int i = 0; i < 40; i++) enc.EncodeBits(1, 1);
        data = enc.ToArray();
        Assert.Throws<InvalidDataException>(() => TestUtil.Decode(data, t, new[] { 0 }));
    }
}
