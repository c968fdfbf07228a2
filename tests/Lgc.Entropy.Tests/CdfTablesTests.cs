using Xunit;
using Lgc.Entropy;

namespace Lgc.Entropy.Tests;

public class CdfTablesTests
{
    private static CdfTables One(int[] row, int precision = 16, int? lmax = null)
    {
        int l = lmax ?? row.Length;
        var cdf = new int[l];
        row.AsSpan(0, Math.Min(row.Length, l)).CopyTo(cdf);
        return new CdfTables(cdf, 1, l, new[] { row.Length }, new[] { 0 }, precision);
    }

    [Theory]
    [InlineData(new[] { 1, 5, 65536 }, "cdf[0] = 1")]
    [InlineData(new[] { 0, 5, 65535 }, "cdf[2] = 65535")]
    [InlineData(new[] { 0, 5, 5, 65536 }, "cdf[2] = 5")]
    [InlineData(new[] { 0, 9, 5, 65536 }, "cdf[2] = 5")]
    [InlineData(new[] { 0, 65536 }, "length 2")]
    public void InvalidTablesNameTableAndIndex(int[] row, string expected)
    {
        // Table 0 is valid; the bad row is table 1.
        int l = Math.Max(3, row.Length);
        var cdf = new int[2 * l];
        new[] { 0, 1, 65536 }.CopyTo(cdf, 0);
        row.CopyTo(cdf, l);
        var ex = Assert.Throws<InvalidDataException>(() =>
            new CdfTables(cdf, 2, l, new[] { 3, row.Length }, new[] { 0, 0 }));
        Assert.Contains("table 1", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void LengthAboveMaxLengthIsInvalid()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            new CdfTables(new[] { 0, 1, 65536 }, 1, 3, new[] { 4 }, new[] { 0 }));
        Assert.Contains("table 0", ex.Message);
    }

    [Fact]
    public void ShapeMismatchesAreArgumentErrors()
    {
        int[] row = { 0, 1, 65536 };
        Assert.Throws<ArgumentException>(() => new CdfTables(row, 2, 3, new[] { 3, 3 }, new[] { 0, 0 }));
        Assert.Throws<ArgumentException>(() => new CdfTables(row, 1, 3, new[] { 3, 3 }, new[] { 0 }));
        Assert.Throws<ArgumentException>(() => new CdfTables(row, 1, 3, new[] { 3 }, new int[0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CdfTables(row, 1, 3, new[] { 3 }, new[] { 0 }, 17));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CdfTables(row, -1, 3, new[] { 3 }, new[] { 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CdfTables(new[] { 0, 1 }, 1, 2, new[] { 2 }, new[] { 0 }));
    }

    [Fact]
    public void PaddingAfterLengthIsIgnored()
    {
        var t = new CdfTables(new[] { 0, 7, 65536, -5, 123 }, 1, 5, new[] { 3 }, new[] { 4 });
        Assert.Equal(1, t.EscapeSymbol(0));
        Assert.Equal(7, t.Frequency(0, 0));
        Assert.Equal(65536 - 7, t.Frequency(0, 1));
        Assert.Equal(4, t.Offset(0));
        Assert.Equal(new[] { 0, 7, 65536 }, t.Cdf(0).ToArray());
    }

    [Fact]
    public void EmptyTableSetIsAllowed()
    {
        var t = new CdfTables(ReadOnlySpan<int>.Empty, 0, 3, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty);
        Assert.Equal(0, t.TableCount);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(12)]
    [InlineData(8)]
    [InlineData(3)]
    public void LookupMatchesBinarySearchForEveryFrequency(int precision)
    {
        var rows = new List<GaussianTableBuilder.Table>
        {
            GaussianTableBuilder.Gaussian(0.11, precisionBits: precision),
            GaussianTableBuilder.Gaussian(precision >= 8 ? 3 : 0.3, precisionBits: precision),
            new(GaussianTableBuilder.FromFrequencies(new[] { 1, (1 << precision) - 1 }), 0),
        };
        if (precision >= 12)
        {
            rows.Add(GaussianTableBuilder.Gaussian(256, precisionBits: precision));
            rows.Add(GaussianTableBuilder.Laplace(40, precisionBits: precision));
            // Very flat tail: many symbols with frequency 1 packed into few lookup buckets.
            var freq = Enumerable.Repeat(1, 3000).ToArray();
            freq[0] = (1 << precision) - 2999;
            rows.Add(new(GaussianTableBuilder.FromFrequencies(freq), 0));
        }
        var t = GaussianTableBuilder.Build(rows, precision);
        for (int j = 0; j < t.TableCount; j++)
            for (uint f = 0; f < (1u << precision); f++)
            {
                int s = t.FindSymbol(j, f);
                if (s != t.FindSymbolBinary(j, f)) Assert.Fail($"table {j} f {f}");
                Assert.True(t.Cdf(j)[s] <= f && f < t.Cdf(j)[s + 1]);
            }
    }
}
