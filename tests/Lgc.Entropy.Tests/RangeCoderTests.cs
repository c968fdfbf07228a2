using Xunit;
using Lgc.Entropy;

namespace Lgc.Entropy.Tests;

public class RangeCoderTests
{
    [Fact]
    public void EmptyStreamIsZeroBytes()
    {
        var enc = new RangeEncoder();
        Assert.Equal(0, enc.Finish());
        Assert.Empty(enc.ToArray());
        Assert.True(enc.WrittenSpan.IsEmpty);
    }

    [Fact]
    public void FinishIsIdempotentAndBlocksFurtherWrites()
    {
        var enc = new RangeEncoder();
        enc.Encode(100, 200, 16);
        int n = enc.Finish();
        Assert.Equal(n, enc.Finish());
        Assert.Equal(n, enc.ToArray().Length);
        Assert.Throws<InvalidOperationException>(() => enc.Encode(0, 1, 16));
        Assert.Throws<InvalidOperationException>(() => enc.EncodeBits(1, 1));
    }

    [Fact]
    public void ResetStartsAFreshStream()
    {
        var enc = new RangeEncoder();
        enc.Encode(5, 9, 8);
        byte[] first = enc.ToArray();
        enc.Reset();
        Assert.False(enc.IsFinished);
        enc.Encode(5, 9, 8);
        Assert.Equal(first, enc.ToArray());
    }

    [Fact]
    public void RawSymbolsAndBitsRoundTrip()
    {
        var rng = new Random(1);
        const int count = 20000;
        var kind = new int[count]; var a = new uint[count]; var b = new uint[count]; var bits = new int[count];
        var enc = new RangeEncoder(1);  // tiny capacity exercises growth
        for (int i = 0; i < count; i++)
        {
            kind[i] = rng.Next(2);
            if (kind[i] == 0)
            {
                bits[i] = rng.Next(1, 17);
                uint total = 1u << bits[i];
                a[i] = (uint)rng.NextInt64(total);
                b[i] = (uint)rng.NextInt64(1, total - a[i] + 1);
                enc.Encode(a[i], b[i], bits[i]);
            }
            else
            {
                bits[i] = rng.Next(0, 33);
                a[i] = bits[i] == 0 ? 0 : (uint)(rng.NextInt64(1L << 32) & ((1L << bits[i]) - 1));
                enc.EncodeBits(a[i], bits[i]);
            }
        }
        byte[] data = enc.ToArray();
        var dec = new RangeDecoder(data);
        for (int i = 0; i < count; i++)
        {
            if (kind[i] == 0)
            {
                uint f = dec.GetFreq(bits[i]);
                Assert.InRange(f, a[i], a[i] + b[i] - 1);
                dec.Consume(a[i], b[i]);
            }
            else Assert.Equal(a[i], dec.DecodeBits(bits[i]));
        }
    }

    [Fact]
    public void CarryRunsOfFFRoundTrip()
    {
        // Symbols at the very top of the range push low toward 2^32 and force long 0xFF runs + carries.
        var rng = new Random(2);
        const int count = 200000;
        var start = new uint[count];
        var enc = new RangeEncoder();
        for (int i = 0; i < count; i++)
        {
            start[i] = rng.Next(8) == 0 ? (uint)rng.Next(65536) : 65535u - (uint)rng.Next(2);
            enc.Encode(start[i], 1, 16);
        }
        byte[] data = enc.ToArray();
        Assert.Contains(data, x => x == 0xFF);
        var dec = new RangeDecoder(data);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(start[i], dec.GetFreq(16));
            dec.Consume(start[i], 1);
        }
    }

    [Fact]
    public void ArgumentChecks()
    {
        var enc = new RangeEncoder();
        Assert.Throws<ArgumentOutOfRangeException>(() => enc.Encode(0, 0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => enc.Encode(65535, 2, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => enc.Encode(65536, 1, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => enc.Encode(0, 1, 17));
        Assert.Throws<ArgumentOutOfRangeException>(() => enc.Encode(0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => enc.EncodeBits(0, 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RangeEncoder(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => { var d = new RangeDecoder(new byte[4]); d.GetFreq(17); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { var d = new RangeDecoder(new byte[4]); d.GetFreq(16); d.Consume(0, 0); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { var d = new RangeDecoder(new byte[4]); d.DecodeBits(-1); });
    }
}
