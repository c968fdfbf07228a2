namespace Lgc.Formats;

/// <summary>
/// The file is well formed but does not hold what the caller's model needs
/// (missing tensor, wrong shape or dtype).
/// </summary>
internal sealed class ModelMismatchException : LgcDataException
{
    public ModelMismatchException(string message) : base(message) { }
}
