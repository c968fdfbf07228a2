namespace Lgc.Imaging;

/// <summary>An input image that ends before its format says it does: only part of it would decode.</summary>
public sealed class TruncatedImageException(string name, string reason)
    : LgcException($"'{name}' is truncated ({reason}): refusing a partially decoded image")
{
    /// <summary>What ended early, e.g. "PNG data ends before the last row".</summary>
    public string Reason => reason;
}
