using System.Runtime.CompilerServices;

namespace Lgc.Entropy;

/// <summary>
/// Decoder for <see cref="RangeEncoder"/> streams. Bytes past the end of the input read as zero,
/// so truncated or garbage input yields garbage symbols but never throws or loops.
/// </summary>
internal ref struct RangeDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private uint _range;
    private uint _code;   // value - low, < range for valid streams
    private uint _r;      // range >> bits, kept between GetFreq and Consume

    public RangeDecoder(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
        _range = uint.MaxValue;
        _code = 0;
        _r = 0;
        for (int i = 0; i < 4; i++) _code = (_code << 8) | NextByte();
    }

    /// <summary>Input bytes consumed so far (capped at the input length).</summary>
    public readonly int Position => _pos;

    /// <summary>
    /// First half of decoding one symbol: the cumulative frequency in [0, 2^bits) that the next
    /// symbol's range contains. Must be followed by <see cref="Consume"/>.
    /// </summary>
    public uint GetFreq(int precisionBits)
    {
        if ((uint)(precisionBits - 1) >= RangeEncoder.MaxPrecisionBits)
            throw new ArgumentOutOfRangeException(nameof(precisionBits), precisionBits, "must be 1..16");
        return GetFreqUnchecked(precisionBits);
    }

    /// <summary>Second half: removes the symbol [start, start + size) found from <see cref="GetFreq"/>.</summary>
    public void Consume(uint start, uint size)
    {
        // size 0 would make range 0 and the normalization loop endless.
        if (size == 0) throw new ArgumentOutOfRangeException(nameof(size), "must be ≥ 1");
        ConsumeUnchecked(start, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint GetFreqUnchecked(int precisionBits)
    {
        _r = _range >> precisionBits;
        uint f = _code / _r;
        uint max = (1u << precisionBits) - 1;
        // Only garbage lands in the truncation slack above r * 2^bits.
        return f <= max ? f : max;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ConsumeUnchecked(uint start, uint size)
    {
        _code -= _r * start;
        _range = _r * size;
        while (_range < RangeEncoder.Top)
        {
            _range <<= 8;
            _code = (_code << 8) | NextByte();
        }
    }

    /// <summary>Reads <paramref name="count"/> (0..32) equiprobable bits written by EncodeBits.</summary>
    public uint DecodeBits(int count)
    {
        if ((uint)count > 32) throw new ArgumentOutOfRangeException(nameof(count), count, "must be 0..32");
        uint value = 0;
        while (count > 0)
        {
            int n = Math.Min(count, 16);
            count -= n;
            _range >>= n;
            uint chunk = _code / _range;
            uint max = (1u << n) - 1;
            if (chunk > max) chunk = max; // garbage only
            _code -= chunk * _range;
            while (_range < RangeEncoder.Top)
            {
                _range <<= 8;
                _code = (_code << 8) | NextByte();
            }
            value = (value << n) | chunk;
        }
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint NextByte()
    {
        if ((uint)_pos < (uint)_data.Length) return _data[_pos++];
        return 0;
    }
}
