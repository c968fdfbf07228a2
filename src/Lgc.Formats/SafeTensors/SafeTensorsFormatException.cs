namespace Lgc.Formats;

/// <summary>A .safetensors buffer is malformed (bad header, offsets, sizes, dtype).</summary>
internal sealed class SafeTensorsFormatException : LgcDataException
{
    public SafeTensorsFormatException(string message) : base(message) { }
    public SafeTensorsFormatException(string message, Exception inner) : base(message, inner) { }
}
