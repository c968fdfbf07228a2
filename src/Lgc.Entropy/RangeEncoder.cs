using System.Runtime.CompilerServices;

namespace Lgc.Entropy;

/// <summary>
/// Range encoder: 64-bit low (33 bits used) + 32-bit range, byte-wise output with
/// carry propagation through a pending byte and a run of 0xFF bytes (the LZMA rc scheme).
/// Frequencies of up to 16 bits; output grows in an owned byte[].
/// </summary>
internal sealed class RangeEncoder
{
    internal const uint Top = 1u << 24;
    /// <summary>Largest total-frequency precision: range ≥ 2^24 keeps range >> bits ≥ 2^8.</summary>
    public const int MaxPrecisionBits = 16;

    private ulong _low;
    private uint _range = uint.MaxValue;
    private byte _cache;          // byte that may still receive a carry
    private long _cacheSize = 1;  // cache + count of pending 0xFF bytes
    // _buf[0] receives LZMA's always-zero lead byte; the stream is _buf[1.._pos].
    private byte[] _buf;
    private int _pos;
    private bool _finished;

    public RangeEncoder(int initialCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buf = new byte[Math.Max(16, initialCapacity + 1)];
    }

    /// <summary>Starts a new stream, keeping the buffer (invalidates earlier WrittenSpan contents).</summary>
    public void Reset()
    {
        _low = 0;
        _range = uint.MaxValue;
        _cache = 0;
        _cacheSize = 1;
        _pos = 0;
        _finished = false;
    }

    /// <summary>Bytes written so far (complete only after <see cref="Finish"/>).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _pos <= 1 ? default : _buf.AsSpan(1, _pos - 1);

    public bool IsFinished => _finished;

    /// <summary>Codes the symbol occupying [start, start + size) of a total of 2^bits.</summary>
    public void Encode(uint start, uint size, int precisionBits)
    {
        if ((uint)(precisionBits - 1) >= MaxPrecisionBits)
            throw new ArgumentOutOfRangeException(nameof(precisionBits), precisionBits, "must be 1..16");
        if (size == 0 || start >= (1u << precisionBits) || size > (1u << precisionBits) - start)
            throw new ArgumentOutOfRangeException(nameof(size), $"[{start}, {start}+{size}) is not a non-empty sub-range of 2^{precisionBits}");
        ThrowIfFinished();
        EncodeUnchecked(start, size, precisionBits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EncodeUnchecked(uint start, uint size, int precisionBits)
    {
        uint r = _range >> precisionBits;
        _low += (ulong)r * start;
        _range = r * size;
        while (_range < Top)
        {
            _range <<= 8;
            ShiftLow();
        }
    }

    /// <summary>
    /// Writes the low <paramref name="count"/> bits of value (0..32) with probability 1/2 each.
    /// Must be read back by DecodeBits with the same count (chunking changes the range split).
    /// </summary>
    public void EncodeBits(uint value, int count)
    {
        if ((uint)count > 32) throw new ArgumentOutOfRangeException(nameof(count), count, "must be 0..32");
        ThrowIfFinished();
        EncodeBitsUnchecked(value, count);
    }

    internal void EncodeBitsUnchecked(uint value, int count)
    {
        // Chunks of ≤ 16 bits keep range >> n ≥ 2^8.
        while (count > 0)
        {
            int n = Math.Min(count, 16);
            count -= n;
            uint chunk = (value >> count) & ((1u << n) - 1);
            _range >>= n;
            _low += (ulong)_range * chunk;
            while (_range < Top)
            {
                _range <<= 8;
                ShiftLow();
            }
        }
    }

    /// <summary>
    /// Flushes the coder state and returns the stream length. Picks the value in [low, low + range)
    /// with the most trailing zeros and drops trailing zero bytes: the decoder reads zeros past the end.
    /// Idempotent.
    /// </summary>
    public int Finish()
    {
        if (!_finished)
        {
            ulong end = _low + _range;
            for (int k = 32; k >= 0; k--)
            {
                ulong mask = (1UL << k) - 1;
                ulong v = (_low + mask) & ~mask;
                if (v < end) { _low = v; break; }
            }
            for (int i = 0; i < 5; i++) ShiftLow();
            while (_pos > 1 && _buf[_pos - 1] == 0) _pos--;
            _finished = true;
        }
        return Math.Max(0, _pos - 1);
    }

    /// <summary>Finishes (if needed) and copies the stream.</summary>
    public byte[] ToArray()
    {
        Finish();
        return WrittenSpan.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ShiftLow()
    {
        // Emit only when the top byte can no longer change: no carry pending and not 0xFF.
        if ((uint)_low < 0xFF000000u || (_low >> 32) != 0)
        {
            byte carry = (byte)(_low >> 32);
            byte temp = _cache;
            do
            {
                WriteByte((byte)(temp + carry));
                temp = 0xFF;
            } while (--_cacheSize != 0);
            _cache = (byte)(_low >> 24);
        }
        _cacheSize++;
        _low = (_low & 0x00FFFFFFu) << 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteByte(byte b)
    {
        if (_pos == _buf.Length) Grow();
        _buf[_pos++] = b;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _buf, checked(_buf.Length * 2));

    private void ThrowIfFinished()
    {
        if (_finished) throw new InvalidOperationException("RangeEncoder is finished.");
    }
}
