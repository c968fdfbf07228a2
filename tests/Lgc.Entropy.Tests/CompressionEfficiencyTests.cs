using Xunit;
using Lgc.Entropy;
using Xunit.Abstractions;
using static Lgc.Entropy.Tests.GaussianTableBuilder;

namespace Lgc.Entropy.Tests;

/// <summary>Coded size vs the ideal −Σ log2(freq / 2^16) of the integer tables themselves.</summary>
public class CompressionEfficiencyTests(ITestOutputHelper output)
{
    private const int Count = 1_000_000;

    private (double ideal, double actual) Measure(List<Table> rows, int seed)
    {
        var rng = new Random(seed);
        var idx = new int[Count];
        for (int i = 0; i < Count; i++) idx[i] = rng.Next(rows.Count);
        // In-window values only, drawn from each table's own distribution; escapes are
        // covered by round-trip tests and would add bypass bits that are not part of −log2 p.
        var values = new int[Count];
        double idealBits = 0;
        for (int i = 0; i < Count; i++)
        {
            var row = rows[idx[i]].Cdf;
            int s;
            do s = SampleSymbol(row, rng); while (s == row.Length - 2);
            values[i] = rows[idx[i]].Offset + s;
            idealBits -= Math.Log2((row[s + 1] - row[s]) / 65536.0);
        }
        var t = Build(rows);
        byte[] bytes = TestUtil.AssertRoundTrip(t, values, idx);
        return (idealBits / 8, bytes.Length);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(20.0)]
    [InlineData(256.0)]
    public void GaussianWithinOnePercentOfIdeal(double scale)
    {
        var (ideal, actual) = Measure(new List<Table> { Gaussian(scale) }, 30);
        double overhead = actual / ideal - 1;
        output.WriteLine($"Gaussian scale {scale}: ideal {ideal:F0} B, coded {actual} B, overhead {overhead:P4}");
        Assert.InRange(overhead, 0, 0.01);
    }

    [Fact]
    public void MixedTablesWithinOnePercentOfIdeal()
    {
        var rows = new[] { 0.11, 0.3, 1, 2.5, 7, 20, 80, 256 }.Select(s => Gaussian(s))
            .Concat(new[] { 0.5, 4, 30 }.Select(s => Laplace(s))).ToList();
        var (ideal, actual) = Measure(rows, 31);
        double overhead = actual / ideal - 1;
        output.WriteLine($"Mixed 11 tables: ideal {ideal:F0} B, coded {actual} B, overhead {overhead:P4}");
        Assert.InRange(overhead, 0, 0.01);
    }

    [Fact]
    public void SkewedTableOverheadIsTinyPerSymbol()
    {
        // Entropy here is ~0.003 bit/symbol, so a relative bound is meaningless; the coder's
        // truncation loss must stay well under 0.001 bit per symbol.
        var freq = Enumerable.Repeat(1, 11).ToArray();
        freq[5] = 65536 - 10;
        var (ideal, actual) = Measure(new List<Table> { new(FromFrequencies(freq), -5) }, 32);
        double perSymbol = (actual - ideal) * 8 / Count;
        output.WriteLine($"Skewed: ideal {ideal:F0} B, coded {actual} B, overhead {perSymbol:E2} bit/symbol");
        Assert.InRange(perSymbol, 0, 1e-3);
    }
}
