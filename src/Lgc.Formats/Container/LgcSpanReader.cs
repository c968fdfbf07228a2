using System.Buffers.Binary;

namespace Lgc.Formats;

/// <summary>Bounds-checked cursor: every read past the end becomes an LgcFormatException, never IndexOutOfRange.</summary>
internal ref struct LgcSpanReader
{
    private readonly ReadOnlySpan<byte> _data;

    public LgcSpanReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    public int Position { get; private set; }

    public byte ReadByte(string what)
    {
        if (Position >= _data.Length) throw Truncated(what);
        return _data[Position++];
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count > _data.Length - Position) throw Truncated(what);
        var s = _data.Slice(Position, count);
        Position += count;
        return s;
    }

    public uint ReadUInt32LittleEndian(string what) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, what));

    /// <summary>LEB128 up to <paramref name="max"/>; rejects overlong encodings so each value has one byte form.</summary>
    public uint ReadVarint(string what, uint max)
    {
        ulong value = 0;
        for (int i = 0; i < 5; i++)
        {
            byte b = ReadByte(what);
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                    throw new LgcFormatException($"{what} is an overlong varint at byte {Position - i - 1}");
                if (value > max)
                    throw new LgcFormatException($"{what} = {value} is larger than {max}");
                return (uint)value;
            }
        }
        throw new LgcFormatException($"{what} varint is longer than 5 bytes (length overflow)");
    }

    private LgcFormatException Truncated(string what) =>
        new($"truncated: file ends in {what} at byte {_data.Length} (after {Position} bytes read)");
}
