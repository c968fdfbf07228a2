using System.Buffers.Binary;
using System.IO.Hashing;

namespace Lgc.Fuzz;

/// <summary>
/// What an attacker does after damaging a .lgc file: walks the header (LGC-FORMAT.md) as far as it
/// parses and rewrites every layer CRC and the header CRC, so the damage reaches the decoders.
/// Shared by the fuzz harness (it runs on fuzzer bytes, so it must never throw) and the hostile-input tests.
/// </summary>
public static class CrcRepair
{
    /// <summary>Repairs in place; returns false where the header is too broken to locate its CRCs.</summary>
    public static bool Repair(byte[] f)
    {
        int p = 8; // magic (3), version (1), model id (4)
        if (!Varint(f, ref p, out _) || !Varint(f, ref p, out _) || p + 2 > f.Length) return false;
        p++; // flags
        int count = f[p++];
        if (count > 3) return false;
        var crcAt = new int[count];
        var len = new long[count];
        for (int i = 0; i < count; i++)
        {
            if (p >= f.Length) return false;
            p++; // type
            if (!Varint(f, ref p, out len[i])) return false;
            crcAt[i] = p;
            p += 4;
        }
        if (p + 4 > f.Length) return false;
        long pos = p + 4;
        for (int i = 0; i < count; i++)
        {
            if (pos + len[i] > f.Length) return false;
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(crcAt[i]), Crc32.HashToUInt32(f.AsSpan((int)pos, (int)len[i])));
            pos += len[i];
        }
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(p), Crc32.HashToUInt32(f.AsSpan(0, p)));
        return true;
    }

    /// <summary>Rewrites width and height (LEB128) and repairs every CRC: a well-framed file declaring any size.</summary>
    public static byte[] WithSize(byte[] f, int width, int height)
    {
        int p = 8, q = 8;
        Varint(f, ref q, out _);
        Varint(f, ref q, out _);
        var o = new List<byte>(f[..p]);
        WriteVarint(o, (uint)width);
        WriteVarint(o, (uint)height);
        o.AddRange(f[q..]);
        var r = o.ToArray();
        if (!Repair(r)) throw new ArgumentException("not a well-framed .lgc file", nameof(f));
        return r;
    }

    static void WriteVarint(List<byte> o, uint v)
    {
        for (; v >= 0x80; v >>= 7) o.Add((byte)(v | 0x80));
        o.Add((byte)v);
    }

    static bool Varint(byte[] f, ref int p, out long v)
    {
        v = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (p >= f.Length) return false;
            byte b = f[p++];
            v |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }
}
