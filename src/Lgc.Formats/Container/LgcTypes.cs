namespace Lgc.Formats;

/// <summary>Layer kinds; base layers (1, 2) come first so a base-only reader can stop early.</summary>
internal enum LgcLayerType : byte
{
    /// <summary>Base: hyper-latents z_hat (factorized prior).</summary>
    HyperLatents = 1,
    /// <summary>Base: latents y (Gaussian conditional on the hyper-synthesis output).</summary>
    Latents = 2,
    /// <summary>Enhancement: texture/style code s_hat.</summary>
    Texture = 3,
}

/// <summary>How the encoder padded the image to a multiple of 64 (the decoder crops it back).</summary>
internal enum LgcPadding : byte
{
    /// <summary>Replicate the last column/row to the right and bottom.</summary>
    EdgeReplicate = 0,
}

/// <summary>One compressed layer: its kind and the entropy-coded bytes.</summary>
internal sealed record LgcLayer(LgcLayerType Type, ReadOnlyMemory<byte> Payload)
{
    public int Length => Payload.Length;
}

/// <summary>A layer as declared in the header table (present even when its payload was not read).</summary>
internal readonly record struct LgcLayerEntry(LgcLayerType Type, int Length, uint Crc32);
