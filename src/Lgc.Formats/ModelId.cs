using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Lgc.Formats;

/// <summary>
/// Model id = first 4 bytes of SHA-256 of the weight file, read big-endian so that
/// <see cref="ToHex"/> equals the first 8 hex digits of `sha256sum`.
/// </summary>
internal static class ModelId
{
    public static uint FromBytes(ReadOnlySpan<byte> weightFile)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(weightFile, hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    public static uint FromFile(string path)
    {
        using var fs = File.OpenRead(path);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(fs, hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    public static string ToHex(uint id) => id.ToString("x8");
}
