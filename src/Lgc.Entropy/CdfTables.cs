using System.Runtime.CompilerServices;

namespace Lgc.Entropy;

/// <summary>
/// Validated integer CDF tables in the model-file layout (docs/model-format.md, "Entropy model
/// tables"): cdf [T, Lmax] row-major, table t uses cdf[t, 0 .. length[t]-1], cdf[0] = 0,
/// cdf[len-1] = 2^precision, strictly increasing; symbol len-2 is the escape.
/// Tables are always given as integers; nothing here derives them from floats.
/// </summary>
internal sealed class CdfTables
{
    // Coarse decode lookup: 2^LutBits buckets per table, each holding the symbol that contains
    // the bucket's first frequency. 514 bytes per table instead of 128 KiB for a full 2^16 map.
    private const int MaxLutBits = 8;

    private readonly int[] _cdf;
    private readonly int[] _length;
    private readonly int[] _offset;
    private readonly ushort[] _lut;   // [T, buckets + 1]
    private readonly int _lutShift;
    private readonly int _lutStride;

    public int TableCount { get; }
    public int MaxLength { get; }
    public int PrecisionBits { get; }

    public CdfTables(ReadOnlySpan<int> cdf, int tableCount, int maxLength,
        ReadOnlySpan<int> lengths, ReadOnlySpan<int> offsets, int precisionBits = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tableCount);
        if ((uint)(precisionBits - 1) >= RangeEncoder.MaxPrecisionBits)
            throw new ArgumentOutOfRangeException(nameof(precisionBits), precisionBits, "must be 1..16");
        if (maxLength < 3)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must be ≥ 3");
        if ((long)tableCount * maxLength != cdf.Length)
            throw new ArgumentException($"cdf has {cdf.Length} entries, expected {tableCount} x {maxLength}", nameof(cdf));
        if (lengths.Length != tableCount)
            throw new ArgumentException($"lengths has {lengths.Length} entries, expected {tableCount}", nameof(lengths));
        if (offsets.Length != tableCount)
            throw new ArgumentException($"offsets has {offsets.Length} entries, expected {tableCount}", nameof(offsets));

        TableCount = tableCount;
        MaxLength = maxLength;
        PrecisionBits = precisionBits;
        int total = 1 << precisionBits;
        for (int t = 0; t < tableCount; t++)
            Validate(t, cdf.Slice(t * maxLength, maxLength), lengths[t], maxLength, total);

        _cdf = cdf.ToArray();
        _length = lengths.ToArray();
        _offset = offsets.ToArray();

        int lutBits = Math.Min(precisionBits, MaxLutBits);
        _lutShift = precisionBits - lutBits;
        _lutStride = (1 << lutBits) + 1;
        _lut = new ushort[tableCount * _lutStride];
        for (int t = 0; t < tableCount; t++) BuildLut(t, lutBits);
    }

    private static void Validate(int t, ReadOnlySpan<int> row, int len, int maxLength, int total)
    {
        if (len < 3 || len > maxLength)
            throw new InvalidDataException($"CDF table {t}: length {len} is outside [3, {maxLength}]");
        if (row[0] != 0)
            throw new InvalidDataException($"CDF table {t}: cdf[0] = {row[0]}, expected 0");
        for (int i = 1; i < len; i++)
            if (row[i] <= row[i - 1])
                throw new InvalidDataException($"CDF table {t}: cdf[{i}] = {row[i]} is not greater than cdf[{i - 1}] = {row[i - 1]}");
        if (row[len - 1] != total)
            throw new InvalidDataException($"CDF table {t}: cdf[{len - 1}] = {row[len - 1]}, expected {total}");
    }

    private void BuildLut(int t, int lutBits)
    {
        ReadOnlySpan<int> row = Cdf(t);
        Span<ushort> lut = _lut.AsSpan(t * _lutStride, _lutStride);
        int s = 0;
        for (int b = 0; b < (1 << lutBits); b++)
        {
            int f = b << _lutShift;
            while (row[s + 1] <= f) s++;
            lut[b] = (ushort)s;
        }
        lut[1 << lutBits] = (ushort)(row.Length - 2);
    }

    /// <summary>Number of cdf entries of table t (symbols + 1).</summary>
    public int Length(int table) => _length[table];

    public int Offset(int table) => _offset[table];

    /// <summary>The escape symbol of table t (= number of regular symbols).</summary>
    public int EscapeSymbol(int table) => _length[table] - 2;

    /// <summary>The used part of table t's CDF (Length(t) entries).</summary>
    public ReadOnlySpan<int> Cdf(int table) => _cdf.AsSpan(table * MaxLength, _length[table]);

    /// <summary>Frequency of symbol s of table t.</summary>
    public int Frequency(int table, int symbol)
    {
        ReadOnlySpan<int> row = Cdf(table);
        if ((uint)symbol >= (uint)(row.Length - 1)) throw new ArgumentOutOfRangeException(nameof(symbol));
        return row[symbol + 1] - row[symbol];
    }

    internal int[] RawCdf => _cdf;
    internal int[] RawLength => _length;
    internal int[] RawOffset => _offset;

    /// <summary>Symbol s of table t with cdf[s] ≤ f &lt; cdf[s+1]; f must be &lt; 2^precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int FindSymbol(int table, uint f)
    {
        int lutBase = table * _lutStride;
        int b = (int)(f >> _lutShift);
        int lo = _lut[lutBase + b];
        int hi = _lut[lutBase + b + 1];
        int rowBase = table * MaxLength;
        int[] cdf = _cdf;
        // Symbol of f is in [lo, hi]: few candidates, except in flat tails of wide tables.
        while (hi - lo > 4)
        {
            int mid = (lo + hi + 1) >> 1;
            if ((uint)cdf[rowBase + mid] <= f) lo = mid; else hi = mid - 1;
        }
        while (lo < hi && (uint)cdf[rowBase + lo + 1] <= f) lo++;
        return lo;
    }

    /// <summary>Symbol lookup by plain binary search; used by tests to cross-check the lookup table.</summary>
    internal int FindSymbolBinary(int table, uint f)
    {
        ReadOnlySpan<int> row = Cdf(table);
        int lo = 0, hi = row.Length - 2;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if ((uint)row[mid] <= f) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
