using System.Buffers.Binary;
using System.Text;

namespace Lgc.Formats.Tests;

/// <summary>Hand-built safetensors buffers, so malformed headers can be expressed directly.</summary>
internal static class SafeTensorsTestFiles
{
    /// <summary>8-byte size + <paramref name="json"/> + <paramref name="dataLength"/> data bytes.</summary>
    public static byte[] Build(string json, int dataLength, ulong? headerSizeOverride = null) =>
        Build(Encoding.UTF8.GetBytes(json), dataLength, headerSizeOverride);

    public static byte[] Build(byte[] json, int dataLength, ulong? headerSizeOverride = null)
    {
        var file = new byte[8 + json.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(file, headerSizeOverride ?? (ulong)json.Length);
        json.CopyTo(file, 8);
        for (int i = 0; i < dataLength; i++) file[8 + json.Length + i] = (byte)(i * 7 + 1);
        return file;
    }

    /// <summary>A small valid file with several dtypes and metadata.</summary>
    public static byte[] Small()
    {
        return new SafeTensorsWriter()
            .AddMetadata("format", "lgc-safetensors")
            .AddMetadata("N", "8")
            .AddFloat32("a.weight", new float[] { 1, -2, 3.5f, 0.25f, 7, 8 }, 2, 3)
            .AddFloat16("a.bias", new float[] { 0.5f, -1 }, 2)
            .AddInt32("q", new[] { 1, -5, 300 }, 3)
            .AddRaw("u", SafeTensorDType.U8, new byte[] { 9, 8, 7 }, 3)
            .ToBytes();
    }
}
