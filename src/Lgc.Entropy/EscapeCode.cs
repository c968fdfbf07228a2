using System.Numerics;

namespace Lgc.Entropy;

/// <summary>
/// Escape code for values outside a table's window [offset, offset + n): bypass-coded
/// Elias-gamma of a zigzagged overflow. Any int32 round-trips in at most 33 + 31 bits.
///
/// Overflow w = idx (idx &lt; 0) or idx - n (idx ≥ n), idx = v - offset. The 2^32 - n possible w
/// lie in one interval shorter than 2^32, so w mod 2^32 is a bijection and fits an int32;
/// zigzag makes it a uint u. Bits: b = bitlength(u) ≤ 32 as b ones and a zero, then the low
/// b - 1 bits of u. A decoded length above 32 is rejected (InvalidDataException), which also
/// bounds the work on garbage input.
/// </summary>
internal static class EscapeCode
{
    public const int MaxLength = 32;

    public static void Encode(RangeEncoder enc, int value, int offset, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(enc);
        if (enc.IsFinished) throw new InvalidOperationException("RangeEncoder is finished.");
        ArgumentOutOfRangeException.ThrowIfNegative(windowSize);
        long idx = (long)value - offset;
        if ((ulong)idx < (ulong)windowSize)
            throw new ArgumentException($"value {value} is inside the window [{offset}, {offset}+{windowSize}): code it as a symbol", nameof(value));
        long w = idx < 0 ? idx : idx - windowSize;
        int w32 = unchecked((int)w);
        uint u = (uint)((w32 << 1) ^ (w32 >> 31));
        int b = 32 - BitOperations.LeadingZeroCount(u);
        // Unary length: b ones then a zero, one bit per call because the decoder reads it so
        // (a k-bit write and k 1-bit reads split the range differently).
        for (int i = 0; i < b; i++) enc.EncodeBitsUnchecked(1, 1);
        enc.EncodeBitsUnchecked(0, 1);
        if (b > 1) enc.EncodeBitsUnchecked(u, b - 1); // top bit is implied
    }

    public static int Decode(ref RangeDecoder dec, int offset, int windowSize)
    {
        int b = 0;
        while (dec.DecodeBits(1) != 0)
        {
            if (++b > MaxLength)
                throw new InvalidDataException($"Escape code length exceeds {MaxLength} bits: corrupt stream.");
        }
        uint u = b == 0 ? 0 : (1u << (b - 1)) | (b > 1 ? dec.DecodeBits(b - 1) : 0);
        long w = (int)(u >> 1) ^ -(int)(u & 1);
        // Undo the mod 2^32: pick the representative inside the overflow interval.
        long lo = (long)int.MinValue - offset;
        long hi = (long)int.MaxValue - offset - windowSize;
        if (w < lo) w += 1L << 32;
        else if (w > hi) w -= 1L << 32;
        long idx = w >= 0 ? w + windowSize : w;
        return unchecked((int)(offset + idx));
    }
}
