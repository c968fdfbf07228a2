using Xunit;
using Lgc.Entropy;
using static Lgc.Entropy.Tests.GaussianTableBuilder;

namespace Lgc.Entropy.Tests;

/// <summary>Garbage or truncated input decodes to garbage without exceptions or hangs.
/// The one defined failure is an escape length above 32 (InvalidDataException).</summary>
public class RobustnessTests
{
    private static readonly List<Table> Rows = new()
    {
        Gaussian(0.11), Gaussian(1), Gaussian(40),
        new(FromFrequencies(new[] { 1, 65535 }), 0),     // escape almost always
        new(FromFrequencies(new[] { 3, 65533 }), -7),
        Laplace(3),
    };

    private static int DecodeGarbage(byte[] data, CdfTables t, int[] idx)
    {
        try
        {
            TestUtil.Decode(data, t, idx);
            return 0;
        }
        catch (InvalidDataException ex)
        {
            Assert.Contains("32", ex.Message);
            return 1;
        }
    }

    [Fact]
    public void RandomGarbageDecodesWithoutExceptions()
    {
        var rng = new Random(40);
        var t = Build(Rows);
        var idx = Enumerable.Range(0, 2000).Select(_ => rng.Next(Rows.Count)).ToArray();
        int rejected = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var data = new byte[rng.Next(0, 300)];
            rng.NextBytes(data);
            if (trial % 10 == 0) Array.Fill(data, (byte)0xFF);
            rejected += DecodeGarbage(data, t, idx);
        }
        Assert.True(rejected < 300);
    }

    [Fact]
    public void EmptyInputDecodesManySymbols()
    {
        var t = Build(Rows);
        var idx = Enumerable.Range(0, 100000).Select(i => i % Rows.Count).ToArray();
        TestUtil.Decode(Array.Empty<byte>(), t, idx);
    }

    [Fact]
    public void TruncatedStreamsDecodeWithoutExceptions()
    {
        var rng = new Random(41);
        var t = Build(Rows);
        var idx = Enumerable.Range(0, 5000).Select(_ => rng.Next(Rows.Count)).ToArray();
        var values = TestUtil.SampleValues(Rows, idx, rng);
        byte[] full = TestUtil.AssertRoundTrip(t, values, idx);
        for (int cut = 0; cut < full.Length; cut += Math.Max(1, full.Length / 97))
        {
            DecodeGarbage(full[..cut], t, idx);
            // Flipped bits in the middle too.
            var bad = (byte[])full.Clone();
            bad[cut] ^= (byte)(1 << (cut & 7));
            DecodeGarbage(bad, t, idx);
        }
    }

    [Fact]
    public void DecodingPastTheEndReadsZeros()
    {
        var t = Build(Rows);
        var idx = Enumerable.Range(0, 50).Select(i => i % Rows.Count).ToArray();
        var values = TestUtil.SampleValues(Rows, idx, new Random(42));
        byte[] data = TestUtil.Encode(t, values, idx);
        // Explicit trailing zeros change nothing.
        Assert.Equal(values, TestUtil.Decode(data.Concat(new byte[64]).ToArray(), t, idx));
        Assert.Equal(TestUtil.Decode(Array.Empty<byte>(), t, idx), TestUtil.Decode(new byte[100], t, idx));
    }
}
