namespace Lgc.Formats;

/// <summary>A parsed .lgc file. <see cref="Layers"/> holds the layers that were read and CRC-verified.</summary>
internal sealed class LgcFile
{
    internal LgcFile(LgcHeader header, bool hasTexture, IReadOnlyList<LgcLayerEntry> directory,
                     IReadOnlyList<LgcLayer> layers, int headerBytes)
    {
        Header = header;
        HasTexture = hasTexture;
        Directory = directory;
        Layers = layers;
        HeaderBytes = headerBytes;
        long payload = 0;
        foreach (var e in directory) payload += e.Length;
        PayloadBytes = payload;
    }

    public LgcHeader Header { get; }

    /// <summary>The file declares a texture layer (it may not have been read: see <see cref="Layers"/>).</summary>
    public bool HasTexture { get; }

    /// <summary>Every layer the header declares, in file order.</summary>
    public IReadOnlyList<LgcLayerEntry> Directory { get; }

    /// <summary>Layers whose payload was read and verified.</summary>
    public IReadOnlyList<LgcLayer> Layers { get; }

    /// <summary>Bytes before the first payload (magic .. header CRC).</summary>
    public int HeaderBytes { get; }

    /// <summary>Sum of all declared payload lengths.</summary>
    public long PayloadBytes { get; }

    /// <summary>Size of the complete file.</summary>
    public long TotalBytes => HeaderBytes + PayloadBytes;

    /// <summary>True when every declared layer was read.</summary>
    public bool IsComplete => Layers.Count == Directory.Count;

    public LgcLayer? TryGetLayer(LgcLayerType type)
    {
        foreach (var l in Layers)
            if (l.Type == type) return l;
        return null;
    }

    public LgcLayer GetLayer(LgcLayerType type) =>
        TryGetLayer(type) ?? throw new LgcFormatException($"file has no {type} layer" +
            (Directory.Any(e => e.Type == type) ? " loaded (it was not read)" : ""));

    /// <summary>Throws <see cref="LgcModelMismatchException"/> unless the file was made with <paramref name="expectedModelId"/>.</summary>
    public void EnsureModel(uint expectedModelId)
    {
        if (Header.ModelId != expectedModelId)
            throw new LgcModelMismatchException(Header.ModelId, expectedModelId);
    }
}
