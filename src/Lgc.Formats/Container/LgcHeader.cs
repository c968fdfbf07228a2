namespace Lgc.Formats;

/// <summary>What the decoder needs besides the payloads. Width/Height are the original image size.</summary>
internal sealed record LgcHeader(
    uint ModelId,
    int Width,
    int Height,
    bool Synthesized,
    LgcPadding Padding = LgcPadding.EdgeReplicate)
{
    public const int MaxDimension = 65535;

    /// <summary>Network input size: next multiple of 64.</summary>
    public int PaddedWidth => (Width + 63) & ~63;
    public int PaddedHeight => (Height + 63) & ~63;
}
