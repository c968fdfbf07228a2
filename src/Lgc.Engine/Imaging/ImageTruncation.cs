using System.Buffers.Binary;

namespace Lgc.Imaging;

/// <summary>Finds files that end before their format says they do. ImageSharp decodes most cut files without a
/// word (a JPEG cut in half comes back grey-filled), so the structure is walked here: JPEG to its end-of-image
/// marker, PNG to IEND, GIF to its trailer, BMP/TGA/TIFF/WebP to the extent their headers give.</summary>
static class ImageTruncation
{
    /// <summary>Why the file is truncated, or null when it is complete (or the format is not one walked here).</summary>
    public static string? Find(ReadOnlySpan<byte> b, string format) => format switch
    {
        "PNG" => Png(b),
        "JPEG" => Jpeg(b),
        "GIF" => Gif(b),
        "BMP" => Bmp(b),
        "TGA" => Tga(b),
        "TIFF" => Tiff(b),
        "Webp" => Webp(b),
        _ => null,
    };

    static string? Png(ReadOnlySpan<byte> b)
    {
        long pos = 8; // signature
        while (true)
        {
            if (pos + 8 > b.Length) return "it ends before its IEND chunk";
            long end = pos + 12 + BinaryPrimitives.ReadUInt32BigEndian(b[(int)pos..]);
            bool iend = b.Slice((int)pos + 4, 4).SequenceEqual("IEND"u8);
            if (end > b.Length) return iend ? "it ends inside its IEND chunk" : "it ends inside a chunk, before IEND";
            if (iend) return null;
            pos = end;
        }
    }

    static string? Jpeg(ReadOnlySpan<byte> b)
    {
        const string noEoi = "it has no end-of-image marker";
        int pos = 2; // SOI
        while (true)
        {
            while (pos < b.Length && b[pos] != 0xFF) pos++; // stray bytes: resynchronise as decoders do
            while (pos < b.Length && b[pos] == 0xFF) pos++; // fill bytes
            if (pos >= b.Length) return noEoi;
            byte m = b[pos++];
            if (m == 0xD9) return null;
            if (m is 0x00 or 0x01 or >= 0xD0 and <= 0xD7) continue; // markers without a length
            if (pos + 2 > b.Length) return noEoi;
            int length = b[pos] << 8 | b[pos + 1];
            if (length < 2) { pos += 2; continue; }
            pos += length;
            if (pos > b.Length) return "it ends inside a marker segment";
            if (m != 0xDA) continue;
            // Entropy-coded scan data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
            while (pos + 1 < b.Length)
            {
                if (b[pos] != 0xFF) { pos++; continue; }
                byte n = b[pos + 1];
                if (n == 0x00 || n is >= 0xD0 and <= 0xD7) pos += 2;
                else if (n == 0xFF) pos++;
                else break;
            }
            if (pos + 1 >= b.Length) return "its image data is cut short, with no end-of-image marker";
        }
    }

    static string? Gif(ReadOnlySpan<byte> b)
    {
        const string cut = "it ends before its trailer";
        if (b.Length < 13) return cut;
        long pos = 13 + ColorTable(b[10]);
        while (true)
        {
            if (pos >= b.Length) return cut;
            byte block = b[(int)pos++];
            if (block == 0x3B) return null;
            if (block == 0x21) pos++; // extension label
            else if (block == 0x2C)
            {
                if (pos + 9 > b.Length) return cut;
                pos += 9 + ColorTable(b[(int)pos + 8]) + 1; // descriptor, local colour table, LZW code size
            }
            else return null; // not a block: damage, not truncation; the decoder decides
            while (true) // data sub-blocks, ended by a zero length
            {
                if (pos >= b.Length) return cut;
                int n = b[(int)pos++];
                if (n == 0) break;
                pos += n;
            }
        }
    }

    static long ColorTable(byte flags) => (flags & 0x80) != 0 ? 3L << ((flags & 7) + 1) : 0;

    static string? Bmp(ReadOnlySpan<byte> b)
    {
        const string cut = "its pixel rows run past the end of the file";
        if (b.Length < 26) return cut;
        long offBits = BinaryPrimitives.ReadUInt32LittleEndian(b[10..]);
        uint dib = BinaryPrimitives.ReadUInt32LittleEndian(b[14..]);
        long w, h;
        int bpp;
        uint compression = 0;
        if (dib == 12)
        {
            w = BinaryPrimitives.ReadUInt16LittleEndian(b[18..]);
            h = BinaryPrimitives.ReadInt16LittleEndian(b[20..]);
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(b[24..]);
        }
        else
        {
            if (b.Length < 34) return cut;
            w = BinaryPrimitives.ReadInt32LittleEndian(b[18..]);
            h = BinaryPrimitives.ReadInt32LittleEndian(b[22..]);
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(b[30..]);
        }
        if (compression is not (0 or 3 or 6) || w <= 0 || bpp == 0) return null; // RLE and embedded formats: the decoder's job
        long stride = (w * bpp + 31) / 32 * 4;
        return offBits + stride * Math.Abs(h) > b.Length ? cut : null;
    }

    static string? Tga(ReadOnlySpan<byte> b)
    {
        const string cut = "its pixel data runs past the end of the file";
        if (b.Length < 18) return cut;
        int type = b[2];
        int bytesPerPixel = (b[16] + 7) / 8;
        long pixels = (long)BinaryPrimitives.ReadUInt16LittleEndian(b[12..]) * BinaryPrimitives.ReadUInt16LittleEndian(b[14..]);
        long pos = 18 + b[0] + (b[1] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(b[5..]) * ((b[7] + 7) / 8L) : 0);
        if (type is 1 or 2 or 3) return pos + pixels * bytesPerPixel > b.Length ? cut : null;
        if (type is not (9 or 10 or 11)) return null;
        for (long count = 0; count < pixels;) // run-length packets
        {
            if (pos >= b.Length) return cut;
            byte header = b[(int)pos++];
            int n = (header & 0x7F) + 1;
            pos += (header & 0x80) != 0 ? bytesPerPixel : (long)n * bytesPerPixel;
            count += n;
        }
        return pos > b.Length ? cut : null;
    }

    static string? Tiff(ReadOnlySpan<byte> b)
    {
        const string cut = "its image data runs past the end of the file";
        if (b.Length < 8) return cut;
        bool le = b[0] == (byte)'I';
        if (U16(b, le, 2) != 42) return null; // BigTIFF and others: the decoder's job
        long ifd = U32(b, le, 4);
        for (int page = 0; ifd != 0 && page < 1024; page++)
        {
            if (ifd + 2 > b.Length) return cut;
            long count = U16(b, le, ifd);
            if (ifd + 2 + count * 12 + 4 > b.Length) return cut;
            long[]? offsets = null, sizes = null;
            for (long e = ifd + 2; e < ifd + 2 + count * 12; e += 12)
            {
                uint tag = U16(b, le, e), type = U16(b, le, e + 2), n = U32(b, le, e + 4);
                int size = type switch { 1 or 2 or 6 or 7 => 1, 3 or 8 => 2, 4 or 9 or 11 or 13 => 4, 5 or 10 or 12 => 8, _ => 0 };
                long at = (long)n * size <= 4 ? e + 8 : U32(b, le, e + 8);
                if (at + (long)n * size > b.Length) return cut; // any tag's values, not only the strips'
                if (tag is not (273 or 279 or 324 or 325) || type is not (3 or 4)) continue;
                var values = new long[n];
                for (long k = 0; k < n; k++) values[k] = size == 2 ? U16(b, le, at + k * 2) : U32(b, le, at + k * 4);
                if (tag is 273 or 324) offsets = values; else sizes = values;
            }
            if (offsets != null && sizes != null)
                for (int k = 0; k < Math.Min(offsets.Length, sizes.Length); k++)
                    if (offsets[k] + sizes[k] > b.Length) return cut;
            ifd = U32(b, le, ifd + 2 + count * 12);
        }
        return null;
    }

    static uint U16(ReadOnlySpan<byte> b, bool le, long at) =>
        le ? BinaryPrimitives.ReadUInt16LittleEndian(b[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[(int)at..]);

    static uint U32(ReadOnlySpan<byte> b, bool le, long at) =>
        le ? BinaryPrimitives.ReadUInt32LittleEndian(b[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[(int)at..]);

    static string? Webp(ReadOnlySpan<byte> b)
    {
        if (b.Length < 12) return "it ends inside its header";
        return 8L + BinaryPrimitives.ReadUInt32LittleEndian(b[4..]) > b.Length ? "it is shorter than its RIFF header says" : null;
    }
}
