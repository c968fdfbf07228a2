namespace Lgc.Formats;

/// <summary>Unsigned LEB128: 7 bits per byte, low group first, high bit = more bytes follow.</summary>
internal static class Leb128
{
    public static int Size(uint value)
    {
        int n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    public static void Write(List<byte> dst, uint value)
    {
        while (value >= 0x80)
        {
            dst.Add((byte)(value | 0x80));
            value >>= 7;
        }
        dst.Add((byte)value);
    }
}
