namespace Lgc.Formats;

/// <summary>
/// Base of every "this file's bytes are wrong" error in Lgc.Formats. (InvalidDataException is
/// sealed, so it cannot be the base; IOException lets a CLI catch bad files with missing ones.)
/// </summary>
internal abstract class LgcDataException : IOException
{
    protected LgcDataException(string message) : base(message) { }
    protected LgcDataException(string message, Exception inner) : base(message, inner) { }
}
