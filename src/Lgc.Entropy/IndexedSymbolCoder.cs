using System.Runtime.CompilerServices;

namespace Lgc.Entropy;

/// <summary>
/// Codes int values with a per-element table index: idx = v - offset[t] is coded as a symbol of
/// table t when 0 ≤ idx &lt; len - 2, otherwise the escape symbol and then <see cref="EscapeCode"/>.
/// </summary>
internal static class IndexedSymbolCoder
{
    public static void Encode(RangeEncoder enc, CdfTables tables, ReadOnlySpan<int> values, ReadOnlySpan<int> tableIndex)
    {
        CheckEncoder(enc);
        ArgumentNullException.ThrowIfNull(tables);
        CheckLengths(values.Length, tableIndex.Length);
        CheckIndices(tables, tableIndex);
        for (int i = 0; i < values.Length; i++)
            EncodeOne(enc, tables, tableIndex[i], values[i]);
    }

    public static void Decode(ref RangeDecoder dec, CdfTables tables, ReadOnlySpan<int> tableIndex, Span<int> values)
    {
        ArgumentNullException.ThrowIfNull(tables);
        CheckLengths(values.Length, tableIndex.Length);
        CheckIndices(tables, tableIndex);
        for (int i = 0; i < values.Length; i++)
            values[i] = DecodeOne(ref dec, tables, tableIndex[i]);
    }

    /// <summary>Factorized prior: element (c, p) of a [channels, plane] tensor uses table c; channels must equal TableCount.</summary>
    public static void EncodeFactorized(RangeEncoder enc, CdfTables tables, ReadOnlySpan<int> values, int channels, int plane)
    {
        CheckEncoder(enc);
        CheckFactorized(tables, values.Length, channels, plane);
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<int> row = values.Slice(c * plane, plane);
            for (int i = 0; i < row.Length; i++) EncodeOne(enc, tables, c, row[i]);
        }
    }

    public static void DecodeFactorized(ref RangeDecoder dec, CdfTables tables, Span<int> values, int channels, int plane)
    {
        CheckFactorized(tables, values.Length, channels, plane);
        for (int c = 0; c < channels; c++)
        {
            Span<int> row = values.Slice(c * plane, plane);
            for (int i = 0; i < row.Length; i++) row[i] = DecodeOne(ref dec, tables, c);
        }
    }

    /// <summary>Gaussian conditional: each symbol (e.g. round(y - mean)) uses the table of its scale index.</summary>
    public static void EncodeGaussian(RangeEncoder enc, CdfTables tables, ReadOnlySpan<int> symbols, ReadOnlySpan<int> scaleIndex)
        => Encode(enc, tables, symbols, scaleIndex);

    public static void DecodeGaussian(ref RangeDecoder dec, CdfTables tables, ReadOnlySpan<int> scaleIndex, Span<int> symbols)
        => Decode(ref dec, tables, scaleIndex, symbols);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EncodeOne(RangeEncoder enc, CdfTables t, int table, int value)
    {
        int[] cdf = t.RawCdf;
        int rowBase = table * t.MaxLength;
        int n = t.RawLength[table] - 2;
        int offset = t.RawOffset[table];
        long idx = (long)value - offset;
        int s = (ulong)idx < (ulong)n ? (int)idx : n;
        uint start = (uint)cdf[rowBase + s];
        enc.EncodeUnchecked(start, (uint)cdf[rowBase + s + 1] - start, t.PrecisionBits);
        if (s == n) EscapeCode.Encode(enc, value, offset, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeOne(ref RangeDecoder dec, CdfTables t, int table)
    {
        uint f = dec.GetFreqUnchecked(t.PrecisionBits);
        int s = t.FindSymbol(table, f);
        int[] cdf = t.RawCdf;
        int rowBase = table * t.MaxLength;
        uint start = (uint)cdf[rowBase + s];
        dec.ConsumeUnchecked(start, (uint)cdf[rowBase + s + 1] - start);
        int n = t.RawLength[table] - 2;
        int offset = t.RawOffset[table];
        return s < n ? unchecked(s + offset) : EscapeCode.Decode(ref dec, offset, n);
    }

    private static void CheckEncoder(RangeEncoder enc)
    {
        ArgumentNullException.ThrowIfNull(enc);
        if (enc.IsFinished) throw new InvalidOperationException("RangeEncoder is finished.");
    }

    private static void CheckLengths(int values, int indices)
    {
        if (values != indices)
            throw new ArgumentException($"values has {values} elements but tableIndex has {indices}");
    }

    private static void CheckIndices(CdfTables tables, ReadOnlySpan<int> tableIndex)
    {
        // Validate everything before coding so a bad index never leaves a half-written stream.
        uint count = (uint)tables.TableCount;
        for (int i = 0; i < tableIndex.Length; i++)
            if ((uint)tableIndex[i] >= count)
                throw new ArgumentException($"tableIndex[{i}] = {tableIndex[i]} is outside [0, {count})", nameof(tableIndex));
    }

    private static void CheckFactorized(CdfTables tables, int length, int channels, int plane)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(plane);
        if (channels != tables.TableCount)
            throw new ArgumentException($"channels = {channels} but the factorized prior has {tables.TableCount} tables", nameof(channels));
        if ((long)channels * plane != length)
            throw new ArgumentException($"values has {length} elements, expected {channels} x {plane}");
    }
}
