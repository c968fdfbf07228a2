using System.Buffers.Binary;

namespace Lgc.Formats.Tests;

public class SafeTensorsRoundTripTests
{
    [Fact]
    public void WriterOutputReadsBack()
    {
        float[] w = { 1, -2, 3.5f, 0.25f, 7, 8 };
        byte[] bytes = new SafeTensorsWriter()
            .AddMetadata("format", "lgc-safetensors")
            .AddMetadata("training", "{\"steps\": 10, \"note\": \"ünïcode\"}")
            .AddFloat32("g_a.conv0.weight", w, 2, 3)
            .AddFloat16("g_a.conv0.bias", new float[] { 0.5f, -1.25f }, 2)
            .AddInt32("h_s.deconv0.weight_q", new[] { int.MinValue, -1, 0, int.MaxValue }, 2, 2)
            .AddRaw("bf", SafeTensorDType.BF16, new byte[] { 0x80, 0x3F, 0x00, 0xC0, 0x49, 0x40 }, 3)
            .AddRaw("i64", SafeTensorDType.I64, I64Bytes(-3, 1L << 30), 2)
            .AddRaw("u8", SafeTensorDType.U8, new byte[] { 0, 255 }, 1, 2)
            .AddFloat32("scalar", new float[] { 42 })
            .AddFloat32("empty", ReadOnlySpan<float>.Empty, 0, 5)
            .ToBytes();

        var f = SafeTensorsFile.Parse(bytes);
        Assert.Equal(new[] { "g_a.conv0.weight", "g_a.conv0.bias", "h_s.deconv0.weight_q", "bf", "i64", "u8", "scalar", "empty" }, f.Names);
        Assert.Equal("lgc-safetensors", f.Metadata["format"]);
        Assert.Equal("{\"steps\": 10, \"note\": \"ünïcode\"}", f.Metadata["training"]);
        Assert.Equal(w, f.RequireFloat32("g_a.conv0.weight", 2, 3));
        Assert.Equal(new[] { 0.5f, -1.25f }, f.RequireFloat32("g_a.conv0.bias", 2));
        Assert.Equal(new[] { int.MinValue, -1, 0, int.MaxValue }, f.RequireInt32("h_s.deconv0.weight_q", 2, 2));
        Assert.Equal(new[] { 1f, -2f, 3.140625f }, f.GetFloat32("bf"));
        Assert.Equal(new[] { -3, 1 << 30 }, f.GetInt32("i64"));
        Assert.Equal(new byte[] { 0, 255 }, f.GetBytes("u8").ToArray());
        Assert.Equal(new[] { 42f }, f.RequireFloat32("scalar"));
        Assert.Empty(f.RequireFloat32("empty", 0, 5));

        Assert.True(f.TryGetInfo("u8", out TensorInfo info));
        Assert.Equal(SafeTensorDType.U8, info.DType);
        Assert.Equal(new[] { 1, 2 }, info.Shape);
        Assert.Equal(2, info.ByteLength);
        Assert.False(f.TryGetInfo("nope", out _));
    }

    [Fact]
    public void HeaderIsSpacePaddedToEightBytes()
    {
        for (int nameLen = 1; nameLen <= 9; nameLen++)
        {
            byte[] bytes = new SafeTensorsWriter().AddFloat32(new string('x', nameLen), new float[] { 1 }, 1).ToBytes();
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0UL, n % 8);
            Assert.Equal((byte)'}', bytes[8..(8 + (int)n)].AsSpan().TrimEnd((byte)' ')[^1]);
            Assert.Equal(new[] { 1f }, SafeTensorsFile.Parse(bytes).GetFloat32(new string('x', nameLen)));
        }
    }

    [Fact]
    public void EmptyFileHasNoTensors()
    {
        var f = SafeTensorsFile.Parse(new SafeTensorsWriter().ToBytes());
        Assert.Empty(f.Names);
        Assert.Empty(f.Metadata);
    }

    [Fact]
    public void F16ConversionIsExactForEveryHalfValue()
    {
        // Every one of the 65536 F16 bit patterns widens to the float that converts back to it.
        var raw = new byte[65536 * 2];
        for (int i = 0; i < 65536; i++) BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(2 * i), (ushort)i);
        var f = SafeTensorsFile.Parse(new SafeTensorsWriter().AddRaw("h", SafeTensorDType.F16, raw, 65536).ToBytes());
        float[] v = f.GetFloat32("h");
        for (int i = 0; i < 65536; i++)
        {
            Half back = (Half)v[i];
            if (Half.IsNaN(back)) { Assert.True(float.IsNaN(v[i])); continue; }
            Assert.Equal((ushort)i, BitConverter.HalfToUInt16Bits(back));
        }
        // Spot values: 2^-24 (smallest subnormal), largest finite, signed zero.
        Assert.Equal(MathF.Pow(2, -24), v[0x0001]);
        Assert.Equal(65504f, v[0x7BFF]);
        Assert.True(float.IsNegative(v[0x8000]) && v[0x8000] == 0);
        Assert.Equal(float.PositiveInfinity, v[0x7C00]);
    }

    [Fact]
    public void F16WriterRoundsRepresentableValuesExactly()
    {
        float[] vals = { 0, 1, -2.5f, 65504, MathF.Pow(2, -24), MathF.Pow(2, -14), 0.333251953125f, float.NegativeInfinity };
        var f = SafeTensorsFile.Parse(new SafeTensorsWriter().AddFloat16("h", vals, vals.Length).ToBytes());
        Assert.Equal(vals, f.GetFloat32("h"));
    }

    [Fact]
    public void AccessorsReportMismatches()
    {
        var f = SafeTensorsFile.Parse(SafeTensorsTestFiles.Small());
        var e = Assert.Throws<ModelMismatchException>(() => f.RequireFloat32("a.weight", 3, 2));
        Assert.Contains("'a.weight'", e.Message);
        Assert.Contains("[3,2]", e.Message);
        Assert.Contains("[2,3]", e.Message);
        Assert.Equal("missing tensor 'g_s.deconv0.weight'",
            Assert.Throws<ModelMismatchException>(() => f.RequireFloat32("g_s.deconv0.weight", 1)).Message);
        Assert.Throws<ModelMismatchException>(() => f.GetBytes("nope"));
        Assert.Throws<ModelMismatchException>(() => f.GetFloat32("q"));   // I32 is not a float
        Assert.Throws<ModelMismatchException>(() => f.GetInt32("a.bias")); // F16 is not an int
        Assert.Throws<ModelMismatchException>(() => f.RequireMetadata("M"));
        Assert.Equal("8", f.RequireMetadata("N"));
        Assert.IsAssignableFrom<LgcDataException>(new ModelMismatchException("x"));
    }

    [Fact]
    public void I64OutOfInt32RangeIsRejected()
    {
        var f = SafeTensorsFile.Parse(new SafeTensorsWriter()
            .AddRaw("big", SafeTensorDType.I64, I64Bytes(1, 1L << 31), 2).ToBytes());
        var e = Assert.Throws<ModelMismatchException>(() => f.GetInt32("big"));
        Assert.Contains("element 1", e.Message);
    }

    [Fact]
    public void WriterRejectsBadInput()
    {
        var w = new SafeTensorsWriter().AddFloat32("a", new float[] { 1 }, 1);
        Assert.Throws<ArgumentException>(() => w.AddFloat32("a", new float[] { 1 }, 1));
        Assert.Throws<ArgumentException>(() => w.AddFloat32("b", new float[] { 1, 2 }, 3));
        Assert.Throws<ArgumentException>(() => w.AddFloat32("__metadata__", new float[] { 1 }, 1));
        Assert.Throws<ArgumentException>(() => w.AddRaw("c", SafeTensorDType.I32, new byte[3], 1));
    }

    [Fact]
    public void WriteFileAtomicAndLoad()
    {
        string dir = Directory.CreateTempSubdirectory("lgc-st-").FullName;
        try
        {
            string path = Path.Combine(dir, "m.safetensors");
            File.WriteAllText(path, "old contents");
            new SafeTensorsWriter().AddInt32("x", new[] { 5 }, 1).WriteFileAtomic(path);
            Assert.Equal(new[] { 5 }, SafeTensorsFile.Load(path).GetInt32("x"));
            Assert.Single(Directory.GetFiles(dir)); // no temp file left behind
        }
        finally { Directory.Delete(dir, true); }
    }

    private static byte[] I64Bytes(params long[] v)
    {
        var b = new byte[v.Length * 8];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8 * i), v[i]);
        return b;
    }
}
