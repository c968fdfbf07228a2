using System.Buffers.Binary;
using System.IO.Hashing;
using Xunit.Abstractions;

namespace Lgc.Formats.Tests;

public class LgcContainerTests
{
    private readonly ITestOutputHelper _out;
    public LgcContainerTests(ITestOutputHelper output) => _out = output;

    internal static readonly LgcHeader Header = new(0x1a2b3c4d, 178, 218, Synthesized: true);

    internal static byte[] Payload(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    internal static LgcLayer[] ThreeLayers() => new[]
    {
        new LgcLayer(LgcLayerType.HyperLatents, Payload(40, 1)),
        new LgcLayer(LgcLayerType.Latents, Payload(200, 2)),
        new LgcLayer(LgcLayerType.Texture, Payload(24, 3)),
    };

    [Fact]
    public void RoundTripThreeLayers()
    {
        var layers = ThreeLayers();
        byte[] bytes = LgcContainer.Write(Header, layers);
        LgcFile f = LgcContainer.Read(bytes);

        Assert.Equal(Header, f.Header);
        Assert.Equal(192, f.Header.PaddedWidth);
        Assert.Equal(256, f.Header.PaddedHeight);
        Assert.True(f.HasTexture);
        Assert.True(f.IsComplete);
        Assert.Equal(3, f.Layers.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(layers[i].Type, f.Layers[i].Type);
            Assert.Equal(layers[i].Payload.ToArray(), f.Layers[i].Payload.ToArray());
            Assert.Equal(layers[i].Length, f.Directory[i].Length);
        }
        Assert.Equal(264, f.PayloadBytes);
        Assert.Equal(bytes.Length, f.TotalBytes);
        Assert.Equal(layers[1].Payload.ToArray(), f.GetLayer(LgcLayerType.Latents).Payload.ToArray());
    }

    [Fact]
    public void RoundTripBaseOnlyFileAndHeaderVariants()
    {
        var layers = new[] { new LgcLayer(LgcLayerType.HyperLatents, Payload(3, 4)), new LgcLayer(LgcLayerType.Latents, Array.Empty<byte>()) };
        foreach (var h in new[] { new LgcHeader(0, 1, 1, false), new LgcHeader(uint.MaxValue, 65535, 64, true), new LgcHeader(7, 128, 127, false) })
        {
            LgcFile f = LgcContainer.Read(LgcContainer.Write(h, layers));
            Assert.Equal(h, f.Header);
            Assert.False(f.HasTexture);
            Assert.Null(f.TryGetLayer(LgcLayerType.Texture));
            Assert.Throws<LgcFormatException>(() => f.GetLayer(LgcLayerType.Texture));
        }
    }

    [Fact]
    public void HeaderOverheadIsSmall()
    {
        byte[] bytes = LgcContainer.Write(Header, ThreeLayers());
        LgcFile f = LgcContainer.Read(bytes);
        _out.WriteLine($"3 layers (40/200/24 B), 178x218: header {f.HeaderBytes} B of {bytes.Length} B");
        Assert.True(f.HeaderBytes < 48, $"header is {f.HeaderBytes} bytes");
        Assert.Equal(37, f.HeaderBytes); // 14 fixed (2-byte varint sizes) + 6 (z) + 7 (y, 2-byte length) + 6 (texture) + 4 header CRC
    }

    [Fact]
    public void EnsureModel()
    {
        LgcFile f = LgcContainer.Read(LgcContainer.Write(Header, ThreeLayers()));
        f.EnsureModel(0x1a2b3c4d);
        var e = Assert.Throws<LgcModelMismatchException>(() => f.EnsureModel(0x5e6f7a8b));
        Assert.Equal("file was made with model 1a2b3c4d, this model is 5e6f7a8b", e.Message);
        Assert.IsAssignableFrom<LgcFormatException>(e);
    }

    [Fact]
    public void BaseOnlyReadsFileTruncatedAfterBaseLayers()
    {
        byte[] bytes = LgcContainer.Write(Header, ThreeLayers());
        int baseEnd = bytes.Length - 24;
        for (int len = baseEnd; len <= bytes.Length; len++)
        {
            LgcFile f = LgcContainer.ReadBaseOnly(bytes.AsSpan(0, len));
            Assert.True(f.HasTexture);
            Assert.False(f.IsComplete);
            Assert.Equal(new[] { LgcLayerType.HyperLatents, LgcLayerType.Latents }, f.Layers.Select(l => l.Type));
            Assert.Equal(3, f.Directory.Count);
            if (len < bytes.Length)
                Assert.Contains("Texture", Assert.Throws<LgcFormatException>(() => LgcContainer.Read(bytes.AsSpan(0, len))).Message);
        }
        // Cut inside the base layers: base-only must fail too.
        for (int len = 0; len < baseEnd; len++)
            Assert.Throws<LgcFormatException>(() => LgcContainer.ReadBaseOnly(bytes.AsSpan(0, len)));
    }

    [Fact]
    public void BaseOnlyIgnoresCorruptTexture()
    {
        byte[] bytes = LgcContainer.Write(Header, ThreeLayers());
        bytes[^5] ^= 0x10;
        Assert.Equal("Texture layer CRC mismatch (corrupt payload)",
            Assert.Throws<LgcFormatException>(() => LgcContainer.Read(bytes)).Message);
        Assert.Equal(2, LgcContainer.ReadBaseOnly(bytes).Layers.Count);
    }

    [Fact]
    public void CorruptBaseLayerIsNamed()
    {
        byte[] bytes = LgcContainer.Write(Header, ThreeLayers());
        bytes[bytes.Length - 24 - 1] ^= 1; // last byte of y
        Assert.Contains("Latents layer CRC mismatch", Assert.Throws<LgcFormatException>(() => LgcContainer.Read(bytes)).Message);
        Assert.Contains("Latents layer CRC mismatch", Assert.Throws<LgcFormatException>(() => LgcContainer.ReadBaseOnly(bytes)).Message);
    }

    [Fact]
    public void TrailingGarbageRejectedByBothReaders()
    {
        byte[] bytes = LgcContainer.Write(Header, ThreeLayers()).Append((byte)0).ToArray();
        Assert.Contains("trailing", Assert.Throws<LgcFormatException>(() => LgcContainer.Read(bytes)).Message);
        Assert.Contains("trailing", Assert.Throws<LgcFormatException>(() => LgcContainer.ReadBaseOnly(bytes)).Message);
    }

    [Fact]
    public void WriteRejectsBadArguments()
    {
        var l = ThreeLayers();
        Assert.Throws<ArgumentException>(() => LgcContainer.Write(Header, new[] { l[1], l[0] }));
        Assert.Throws<ArgumentException>(() => LgcContainer.Write(Header, new[] { l[0], l[0], l[1] }));
        Assert.Throws<ArgumentException>(() => LgcContainer.Write(Header, new[] { l[0], l[2] }));
        Assert.Throws<ArgumentException>(() => LgcContainer.Write(Header, new[] { l[0], l[1], new LgcLayer((LgcLayerType)9, new byte[1]) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LgcContainer.Write(Header with { Width = 0 }, l));
        Assert.Throws<ArgumentOutOfRangeException>(() => LgcContainer.Write(Header with { Height = 65536 }, l));
        Assert.Throws<ArgumentOutOfRangeException>(() => LgcContainer.Write(Header with { Padding = (LgcPadding)3 }, l));
    }

    [Fact]
    public void WriteFileAtomicAndReadFile()
    {
        string dir = Directory.CreateTempSubdirectory("lgc-c-").FullName;
        try
        {
            string path = Path.Combine(dir, "a.lgc");
            LgcContainer.WriteFileAtomic(path, Header, ThreeLayers());
            LgcContainer.WriteFileAtomic(path, Header, ThreeLayers()); // overwrite
            Assert.Equal(Header, LgcContainer.ReadFile(path).Header);
            Assert.Single(Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    // ---- structural errors, built by hand with a correct header CRC so the structure check is what fires

    private static byte[] WithCrc(params byte[] header)
    {
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(header));
        return header.Concat(crc).ToArray();
    }

    private static readonly byte[] Fixed = { (byte)'L', (byte)'G', (byte)'C', 1, 0x1a, 0x2b, 0x3c, 0x4d, 64, 64 };
    private static byte[] Entry(byte type, params byte[] lenVarint) => new[] { type }.Concat(lenVarint).Concat(BitConverter.GetBytes(Crc32.HashToUInt32(ReadOnlySpan<byte>.Empty))).ToArray();
    private static byte[] Hand(byte flags, byte count, params byte[][] entries) =>
        WithCrc(Fixed.Concat(new[] { flags, count }).Concat(entries.SelectMany(e => e)).ToArray());

    private static string Fails(byte[] file) => Assert.Throws<LgcFormatException>(() => LgcContainer.Read(file)).Message;

    [Fact]
    public void HandBuiltMinimalFileIsValid()
    {
        LgcFile f = LgcContainer.Read(Hand(0, 2, Entry(1, 0), Entry(2, 0)));
        Assert.Equal(64, f.Header.Width);
        Assert.Equal(0x1a2b3c4du, f.Header.ModelId);
        Assert.Equal(28, f.HeaderBytes); // smallest real header: 2 layers, 1-byte sizes (LGC-FORMAT.md)
    }

    [Fact]
    public void StructuralErrors()
    {
        Assert.Contains("magic", Fails("LGX"u8.ToArray().Concat(new byte[40]).ToArray()));
        Assert.Contains("version 2", Fails(new byte[] { (byte)'L', (byte)'G', (byte)'C', 2 }.Concat(new byte[40]).ToArray()));
        Assert.Contains("unknown type 4", Fails(Hand(0, 3, Entry(1, 0), Entry(2, 0), Entry(4, 0))));
        Assert.Contains("unknown type 0", Fails(Hand(0, 2, Entry(0, 0), Entry(2, 0))));
        Assert.Contains("duplicate Latents", Fails(Hand(0, 3, Entry(1, 0), Entry(2, 0), Entry(2, 0))));
        Assert.Contains("type order", Fails(Hand(0, 2, Entry(2, 0), Entry(1, 0))));
        Assert.Contains("missing Latents", Fails(Hand(0, 1, Entry(1, 0))));
        Assert.Contains("missing HyperLatents", Fails(Hand(0, 0)));
        Assert.Contains("layer count 4", Fails(Hand(0, 4, Entry(1, 0), Entry(2, 0), Entry(3, 0), Entry(3, 0))));
        Assert.Contains("has-texture", Fails(Hand(2, 2, Entry(1, 0), Entry(2, 0))));
        Assert.Contains("has-texture", Fails(Hand(0, 3, Entry(1, 0), Entry(2, 0), Entry(3, 0))));
        Assert.Contains("reserved", Fails(Hand(0x10, 2, Entry(1, 0), Entry(2, 0))));
        Assert.Contains("padding mode 1", Fails(Hand(0x04, 2, Entry(1, 0), Entry(2, 0))));
        Assert.Contains("longer than 5 bytes", Fails(Hand(0, 2, Entry(1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), Entry(2, 0))));
        Assert.Contains("larger than 2147483647", Fails(Hand(0, 2, Entry(1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), Entry(2, 0))));
        Assert.Contains("overlong", Fails(Hand(0, 2, Entry(1, 0x80, 0x00), Entry(2, 0))));
        Assert.Contains("truncated", Fails(Hand(0, 2, Entry(1, 5), Entry(2, 0))));
    }

    [Fact]
    public void BadImageSizes()
    {
        byte[] zeroWidth = WithCrc(new byte[] { (byte)'L', (byte)'G', (byte)'C', 1, 0, 0, 0, 0, 0, 64, 0, 2 }.Concat(Entry(1, 0)).Concat(Entry(2, 0)).ToArray());
        Assert.Contains("empty", Fails(zeroWidth));
        byte[] tooWide = WithCrc(new byte[] { (byte)'L', (byte)'G', (byte)'C', 1, 0, 0, 0, 0, 0x80, 0x80, 0x04, 64, 0, 2 }.Concat(Entry(1, 0)).Concat(Entry(2, 0)).ToArray());
        Assert.Contains("width = 65536", Fails(tooWide));
    }

    [Fact]
    public void HeaderCrcMismatch()
    {
        byte[] f = Hand(0, 2, Entry(1, 0), Entry(2, 0));
        f[5] ^= 1; // model id byte: structurally fine, only the CRC can tell
        Assert.Contains("header CRC", Fails(f));
    }
}
