using Lgc.Imaging;
using Lgc.Formats;

namespace Lgc.Tests;

/// <summary>
/// Well-framed hostile files (damage with every CRC repaired, as an attacker would) are refused with
/// an LgcException (the CLI's one-line error, exit 1) or decode: never another exception type.
/// </summary>
public class HostileInputTests
{
    static readonly Lazy<(LgcCodec Codec, byte[] File)> Genuine = new(() =>
    {
        var codec = LgcCodec.Load(Fixtures.TinyModel);
        return (codec, codec.Compress(ImageIo.Load(Fixtures.KodakCrop)).Bytes);
    });

    /// <summary>Runs one surface; the only acceptable failure is LgcException.</summary>
    static bool Survives(Action a, List<string> bad, string what)
    {
        try { a(); return true; }
        catch (LgcException) { return false; }
        catch (Exception e) { bad.Add($"{what}: {e.GetType().Name}: {e.Message}"); return false; }
    }

    [Fact]
    public void SeededMutationsWithRepairedCrcsFailOnlyCleanly()
    {
        var (codec, file) = Genuine.Value;
        int headerBytes = LgcContainer.Read(file).HeaderBytes;
        var rng = new Random(11);
        var bad = new List<string>();
        int repaired = 0, decoded = 0, refused = 0;
        for (int n = 0; n < 3000; n++)
        {
            var m = (byte[])file.Clone();
            int edits = 1 + rng.Next(4);
            for (int k = 0; k < edits; k++)
            {
                // Mostly payload bytes (where the range decoder lives), sometimes the header fields.
                int at = rng.Next(4) == 0 ? 8 + rng.Next(headerBytes - 8) : headerBytes + rng.Next(m.Length - headerBytes);
                m[at] = rng.Next(3) switch { 0 => (byte)rng.Next(256), 1 => (byte)(m[at] ^ (1 << rng.Next(8))), _ => (byte)~m[at] };
            }
            if (!CrcRepair.Repair(m)) continue;
            repaired++;
            Survives(() => LgcCodec.Inspect(m), bad, $"info #{n}");
            bool ok = Survives(() => codec.DecodeBase(m), bad, $"analyze #{n}");
            // The generator is the slow part and sees only what DecodeBase accepted: run it on a sample.
            if (ok && n % 10 == 0) ok = Survives(() => codec.Decompress(m), bad, $"decompress #{n}");
            if (ok) decoded++; else refused++;
        }
        Assert.True(bad.Count == 0, $"{bad.Count} unclean failures, first: {string.Join(" | ", bad.Take(5))}");
        Assert.True(repaired > 2000, $"only {repaired} mutations could be CRC-repaired");
        Assert.True(refused > 0, "no mutation was refused: the generator never reached the checks");
    }

    [Fact]
    public void AHugeDeclaredSizeIsRefusedFromTheHeaderAlone()
    {
        var (codec, file) = Genuine.Value;
        var huge = CrcRepair.WithSize(file, 65535, 65535);
        Assert.True(huge.Length < file.Length + 4);
        var e = Assert.Throws<LgcException>(() => codec.Decompress(huge));
        Assert.Contains("65535x65535", e.Message);
        Assert.Contains("--max-pixels", e.Message);
        Assert.Throws<LgcException>(() => codec.DecodeBase(huge));
    }

    [Fact]
    public void TheSmallestWellFramedFileDeclaring65535SquaredFailsCleanly()
    {
        var (codec, file) = Genuine.Value;
        // Header of the genuine file with empty layers: the "45-byte file" of the issue.
        var f = LgcContainer.Read(file);
        var empty = LgcContainer.Write(f.Header with { Width = 65535, Height = 65535 },
            f.Directory.Select(d => new LgcLayer(d.Type, Array.Empty<byte>())).ToList());
        Assert.InRange(empty.Length, 20, 60);
        Assert.Throws<LgcException>(() => codec.Decompress(empty));
    }

    [Fact]
    public void TheCapIsRaisable()
    {
        var (_, file) = Genuine.Value;
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        codec.MaxPixels = 256 * 256 - 1;
        Assert.Throws<LgcException>(() => codec.Decompress(file));
        codec.MaxPixels = 256 * 256;
        Assert.Equal(256, codec.Decompress(file).Width);
    }

    [Fact]
    public void AnEscapeLongerThan32BitsIsACleanError()
    {
        var (codec, file) = Genuine.Value;
        var f = LgcContainer.Read(file);
        // All-ones payload: the decoder reads the escape symbol (top of every CDF) and then endless 1 bits.
        foreach (var type in new[] { LgcLayerType.HyperLatents, LgcLayerType.Latents, LgcLayerType.Texture })
        {
            if (!f.Directory.Any(d => d.Type == type)) continue;
            var layers = f.Layers.Select(l => l.Type == type ? new LgcLayer(type, Enumerable.Repeat((byte)0xFF, 64).ToArray()) : l).ToList();
            var m = LgcContainer.Write(f.Header, layers);
            var e = Assert.Throws<LgcException>(() => codec.Decompress(m));
            Assert.Contains("Escape code length exceeds 32 bits", e.Message);
            Assert.Contains(type.ToString(), e.Message);
        }
    }
}

/// <summary>Weight files with well-formed framing but impossible entropy tables are refused at load.</summary>
public class HostileWeightTests
{
    /// <summary>The tiny model with one tensor replaced (same dtype, new values and shape).</summary>
    static byte[] WithTensor(string name, int[] values, params int[] shape)
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        var w = new SafeTensorsWriter();
        foreach (var (k, v) in f.Metadata) w.AddMetadata(k, v);
        foreach (var n in f.Names)
        {
            var info = f.GetInfo(n);
            if (n == name) w.AddInt32(n, values, shape);
            else w.AddRaw(n, info.DType, f.GetBytes(n), info.Shape.ToArray());
        }
        return w.ToBytes();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ACdfTableNarrowerThanThreeColumnsIsRefused(int columns)
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        int tables = f.GetInfo("z_prior.cdf").Shape[0];
        var bytes = WithTensor("z_prior.cdf", new int[tables * columns], tables, columns);
        var e = Assert.Throws<LgcException>(() => Model.LgcModel.FromBytes(bytes, "narrow.safetensors", Backends.Create("cpu")));
        Assert.Contains("z_prior", e.Message);
    }

    [Fact]
    public void ACdfLengthOutsideTheTableIsRefused()
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        var len = f.GetInt32("z_prior.cdf_length");
        len[0] = int.MaxValue;
        var bytes = WithTensor("z_prior.cdf_length", len, len.Length);
        Assert.Throws<LgcException>(() => Model.LgcModel.FromBytes(bytes, "long.safetensors", Backends.Create("cpu")));
    }
}
