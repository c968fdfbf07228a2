using Xunit;
using Lgc.Entropy;

namespace Lgc.Entropy.Tests;

internal static class TestUtil
{
    public static byte[] Encode(CdfTables t, int[] values, int[] tableIndex)
    {
        var enc = new RangeEncoder();
        IndexedSymbolCoder.Encode(enc, t, values, tableIndex);
        return enc.ToArray();
    }

    public static int[] Decode(byte[] bytes, CdfTables t, int[] tableIndex)
    {
        var dec = new RangeDecoder(bytes);
        var values = new int[tableIndex.Length];
        IndexedSymbolCoder.Decode(ref dec, t, tableIndex, values);
        return values;
    }

    public static byte[] AssertRoundTrip(CdfTables t, int[] values, int[] tableIndex)
    {
        byte[] bytes = Encode(t, values, tableIndex);
        int[] back = Decode(bytes, t, tableIndex);
        for (int i = 0; i < values.Length; i++)
            if (back[i] != values[i])
                Assert.Fail($"element {i} (table {tableIndex[i]}): decoded {back[i]}, expected {values[i]}");
        return bytes;
    }

    /// <summary>Values drawn from each table's own distribution; escapes become values outside the window.</summary>
    public static int[] SampleValues(IReadOnlyList<GaussianTableBuilder.Table> tables, int[] tableIndex, Random rng)
    {
        var values = new int[tableIndex.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var t = tables[tableIndex[i]];
            int n = t.Cdf.Length - 2;
            int s = GaussianTableBuilder.SampleSymbol(t.Cdf, rng);
            values[i] = s < n ? t.Offset + s
                : rng.Next(2) == 0 ? t.Offset - 1 - rng.Next(100) : t.Offset + n + rng.Next(100);
        }
        return values;
    }
}
