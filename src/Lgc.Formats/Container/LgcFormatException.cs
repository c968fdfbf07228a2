namespace Lgc.Formats;

/// <summary>A .lgc file is malformed: truncated, corrupt (CRC), wrong magic/version, bad layer table.</summary>
internal class LgcFormatException : LgcDataException
{
    public LgcFormatException(string message) : base(message) { }
}

/// <summary>The .lgc file is intact but was made with a different model (weights) than the one loaded.</summary>
internal sealed class LgcModelMismatchException : LgcFormatException
{
    public LgcModelMismatchException(uint fileModelId, uint expectedModelId)
        : base($"file was made with model {ModelId.ToHex(fileModelId)}, this model is {ModelId.ToHex(expectedModelId)}")
    {
        FileModelId = fileModelId;
        ExpectedModelId = expectedModelId;
    }

    public uint FileModelId { get; }
    public uint ExpectedModelId { get; }
}
