using System.Buffers.Binary;

namespace Lgc.Formats.Tests;

/// <summary>Damaged files must only ever produce SafeTensorsFormatException (never a crash type).</summary>
public class SafeTensorsFuzzTests
{
    private static readonly byte[] Interesting = "{}[]\":,0123456789-.eE \\u\0"u8.ToArray().Concat(new byte[] { 0x80, 0xC3, 0xFF }).ToArray();

    /// <summary>Parses and touches everything; the only allowed failure is SafeTensorsFormatException.</summary>
    private static void ParseOrFormatError(byte[] file)
    {
        try
        {
            var f = SafeTensorsFile.Parse(file);
            foreach (string n in f.Names)
            {
                f.TryGetInfo(n, out TensorInfo info);
                _ = f.GetBytes(n).Length;
                if (info.DType is SafeTensorDType.F32 or SafeTensorDType.F16 or SafeTensorDType.BF16) f.GetFloat32(n);
            }
        }
        catch (SafeTensorsFormatException) { }
        catch (Exception e)
        {
            Assert.Fail($"unexpected {e.GetType().Name}: {e.Message}");
        }
    }

    [Fact]
    public void EverySingleByteMutationOfHeader()
    {
        byte[] valid = SafeTensorsTestFiles.Small();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        for (int i = 0; i < headerEnd; i++)
        {
            byte orig = valid[i];
            foreach (byte b in Interesting.Append((byte)(orig ^ 0xFF)).Append((byte)(orig + 1)).Append((byte)(orig - 1)))
            {
                var f = (byte[])valid.Clone();
                f[i] = b;
                ParseOrFormatError(f);
            }
        }
    }

    [Fact]
    public void RandomMultiByteMutations()
    {
        byte[] valid = SafeTensorsTestFiles.Small();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var rng = new Random(1234);
        for (int iter = 0; iter < 5000; iter++)
        {
            var f = (byte[])valid.Clone();
            int k = rng.Next(1, 6);
            for (int j = 0; j < k; j++)
            {
                int pos = rng.Next(headerEnd);
                f[pos] = rng.Next(2) == 0 ? Interesting[rng.Next(Interesting.Length)] : (byte)rng.Next(256);
            }
            // Sometimes also cut or extend the file.
            if (rng.Next(4) == 0) Array.Resize(ref f, Math.Max(0, f.Length + rng.Next(-12, 12)));
            ParseOrFormatError(f);
        }
    }

    [Fact]
    public void TruncationAtEveryLength()
    {
        byte[] valid = SafeTensorsTestFiles.Small();
        SafeTensorsFile.Parse(valid);
        for (int len = 0; len < valid.Length; len++)
            Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Parse(valid.AsMemory(0, len)));
    }
}
