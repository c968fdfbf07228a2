using System.Buffers.Binary;
using System.IO.Hashing;

namespace Lgc.Formats;

/// <summary>Reads and writes .lgc files. Layout: see LGC-FORMAT.md beside this project.</summary>
internal static class LgcContainer
{
    public const byte Version = 1;
    public const int MaxLayers = 3;
    private static ReadOnlySpan<byte> Magic => "LGC"u8;

    private const byte FlagSynthesized = 0x01;
    private const byte FlagHasTexture = 0x02;
    private const int PaddingShift = 2;
    private const byte PaddingMask = 0x0C;
    private const byte ReservedMask = 0xF0;

    // ---------------------------------------------------------------- write

    /// <summary>Serializes a file. Layers must be in ascending type order and include both base layers.</summary>
    public static byte[] Write(LgcHeader header, IReadOnlyList<LgcLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(layers);
        if (header.Width < 1 || header.Width > LgcHeader.MaxDimension || header.Height < 1 || header.Height > LgcHeader.MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(header), $"image size {header.Width}x{header.Height} must be 1..{LgcHeader.MaxDimension}");
        if (!Enum.IsDefined(header.Padding))
            throw new ArgumentOutOfRangeException(nameof(header), $"unknown padding mode {(byte)header.Padding}");
        CheckLayerOrder(layers.Select(l => l.Type).ToList(), msg => new ArgumentException(msg, nameof(layers)));

        var h = new List<byte>(64);
        h.AddRange(Magic);
        h.Add(Version);
        Span<byte> id = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(id, header.ModelId);
        h.AddRange(id);
        Leb128.Write(h, (uint)header.Width);
        Leb128.Write(h, (uint)header.Height);
        byte flags = (byte)(((byte)header.Padding << PaddingShift)
                            | (header.Synthesized ? FlagSynthesized : 0)
                            | (layers.Any(l => l.Type == LgcLayerType.Texture) ? FlagHasTexture : 0));
        h.Add(flags);
        h.Add((byte)layers.Count);
        long payloadTotal = 0;
        Span<byte> crc = stackalloc byte[4];
        foreach (LgcLayer layer in layers)
        {
            h.Add((byte)layer.Type);
            Leb128.Write(h, (uint)layer.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(layer.Payload.Span));
            h.AddRange(crc);
            payloadTotal += layer.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(h.ToArray()));
        h.AddRange(crc);

        var file = new byte[checked(h.Count + payloadTotal)];
        h.CopyTo(file);
        int pos = h.Count;
        foreach (LgcLayer layer in layers)
        {
            layer.Payload.Span.CopyTo(file.AsSpan(pos));
            pos += layer.Length;
        }
        return file;
    }

    public static void WriteFileAtomic(string path, LgcHeader header, IReadOnlyList<LgcLayer> layers) =>
        AtomicFile.WriteAllBytes(path, Write(header, layers));

    // ---------------------------------------------------------------- read

    /// <summary>Reads and verifies the whole file: every CRC, exact length, no trailing bytes.</summary>
    public static LgcFile Read(ReadOnlySpan<byte> data) => ReadCore(data, baseOnly: false);

    /// <summary>
    /// Reads and verifies only the base layers (z, y). The texture payload may be missing
    /// (file truncated after the base layers) or corrupt; it is neither read nor checked.
    /// </summary>
    public static LgcFile ReadBaseOnly(ReadOnlySpan<byte> data) => ReadCore(data, baseOnly: true);

    public static LgcFile ReadFile(string path) => Read(File.ReadAllBytes(path));

    private static LgcFile ReadCore(ReadOnlySpan<byte> data, bool baseOnly)
    {
        var r = new LgcSpanReader(data);
        if (!r.ReadBytes(3, "magic").SequenceEqual(Magic))
            throw new LgcFormatException("not an .lgc file (wrong magic)");
        byte version = r.ReadByte("version");
        if (version != Version)
            throw new LgcFormatException($"unknown .lgc format version {version} (this reader knows {Version})");
        uint modelId = BinaryPrimitives.ReadUInt32BigEndian(r.ReadBytes(4, "model id"));
        int width = (int)r.ReadVarint("width", LgcHeader.MaxDimension);
        int height = (int)r.ReadVarint("height", LgcHeader.MaxDimension);
        if (width == 0 || height == 0)
            throw new LgcFormatException($"image size {width}x{height} is empty");
        byte flags = r.ReadByte("flags");
        if ((flags & ReservedMask) != 0)
            throw new LgcFormatException($"flags 0x{flags:x2} set reserved bits");
        var padding = (LgcPadding)((flags & PaddingMask) >> PaddingShift);
        if (!Enum.IsDefined(padding))
            throw new LgcFormatException($"unknown padding mode {(byte)padding}");

        int count = r.ReadByte("layer count");
        if (count > MaxLayers)
            throw new LgcFormatException($"layer count {count} exceeds {MaxLayers}");
        var directory = new LgcLayerEntry[count];
        for (int i = 0; i < count; i++)
        {
            byte type = r.ReadByte($"layer {i} type");
            if (!Enum.IsDefined((LgcLayerType)type))
                throw new LgcFormatException($"layer {i} has unknown type {type}");
            int length = (int)r.ReadVarint($"{(LgcLayerType)type} layer length", int.MaxValue);
            uint crc = r.ReadUInt32LittleEndian($"{(LgcLayerType)type} layer CRC");
            directory[i] = new LgcLayerEntry((LgcLayerType)type, length, crc);
        }
        CheckLayerOrder(directory.Select(e => e.Type).ToList(), msg => new LgcFormatException(msg));
        bool hasTexture = (flags & FlagHasTexture) != 0;
        if (hasTexture != directory.Any(e => e.Type == LgcLayerType.Texture))
            throw new LgcFormatException("has-texture flag disagrees with the layer table");

        int headerEnd = r.Position;
        uint headerCrc = r.ReadUInt32LittleEndian("header CRC");
        if (Crc32.HashToUInt32(data[..headerEnd]) != headerCrc)
            throw new LgcFormatException("header CRC mismatch (corrupt header)");
        int headerBytes = r.Position;

        long total = headerBytes;
        foreach (var e in directory) total += e.Length; // ≤ 3 × int.MaxValue: no long overflow
        if (data.Length > total)
            throw new LgcFormatException($"{data.Length - total} trailing bytes after the last layer");

        var layers = new List<LgcLayer>(count);
        foreach (var e in directory)
        {
            bool isBase = e.Type is LgcLayerType.HyperLatents or LgcLayerType.Latents;
            if (baseOnly && !isBase)
                break; // base layers come first (order checked), so nothing after this is needed
            ReadOnlySpan<byte> payload = r.ReadBytes(e.Length, $"{e.Type} layer payload");
            if (Crc32.HashToUInt32(payload) != e.Crc32)
                throw new LgcFormatException($"{e.Type} layer CRC mismatch (corrupt payload)");
            layers.Add(new LgcLayer(e.Type, payload.ToArray()));
        }

        var header = new LgcHeader(modelId, width, height, (flags & FlagSynthesized) != 0, padding);
        return new LgcFile(header, hasTexture, directory, layers, headerBytes);
    }

    /// <summary>Types strictly ascending (so no duplicates, base first) and both base layers present.</summary>
    private static void CheckLayerOrder(List<LgcLayerType> types, Func<string, Exception> fail)
    {
        if (types.Count > MaxLayers)
            throw fail($"{types.Count} layers, at most {MaxLayers}");
        for (int i = 0; i < types.Count; i++)
        {
            if (!Enum.IsDefined(types[i]))
                throw fail($"layer {i} has unknown type {(byte)types[i]}");
            if (i > 0 && types[i] == types[i - 1])
                throw fail($"duplicate {types[i]} layer");
            if (i > 0 && types[i] < types[i - 1])
                throw fail($"layer {types[i]} comes after {types[i - 1]} (layers must be in type order)");
        }
        if (!types.Contains(LgcLayerType.HyperLatents))
            throw fail("missing HyperLatents (z) base layer");
        if (!types.Contains(LgcLayerType.Latents))
            throw fail("missing Latents (y) base layer");
    }
}
