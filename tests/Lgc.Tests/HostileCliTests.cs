using Lgc.Formats;
using Lgc.Imaging;

namespace Lgc.Tests;

/// <summary>Hostile files through the real command line: exit 1 and one line on stderr, never a stack trace.</summary>
public class HostileCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static void AssertOneLineError((int Code, string Out, string Err) r, string expect)
    {
        Assert.True(r.Code == 1, $"exit {r.Code}: {r.Err}");
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Err);
        Assert.StartsWith("lgc: error: ", lines[0]);
        Assert.Contains(expect, lines[0]);
    }

    [Fact]
    public void AHugeHeaderIsRefusedAndTheCapIsAFlag()
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var genuine = codec.Compress(ImageIo.Load(Fixtures.KodakCrop)).Bytes;
        string huge = Path.Combine(_dir, "huge.lgc"), ok = Path.Combine(_dir, "ok.lgc");
        File.WriteAllBytes(huge, CrcRepair.WithSize(genuine, 65535, 65535));
        File.WriteAllBytes(ok, genuine);
        string png = Path.Combine(_dir, "out.png");

        AssertOneLineError(CliTests.Run("decompress", huge, "-o", png, "--model", Fixtures.TinyModel), "--max-pixels");
        AssertOneLineError(CliTests.Run("analyze", huge, "--mask", png, "--model", Fixtures.TinyModel), "65535x65535");
        AssertOneLineError(CliTests.Run("decompress", ok, "-o", png, "--model", Fixtures.TinyModel, "--max-pixels", "65535"), "decode limit");
        var d = CliTests.Run("decompress", ok, "-o", png, "--model", Fixtures.TinyModel, "--max-pixels", "65536");
        Assert.True(d.Code == 0, d.Err);
    }

    [Fact]
    public void AnEscapeLongerThan32BitsIsOneLine()
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var f = LgcContainer.Read(codec.Compress(ImageIo.Load(Fixtures.KodakCrop)).Bytes);
        var layers = f.Layers.Select(l => l.Type == LgcLayerType.Latents ? new LgcLayer(l.Type, Enumerable.Repeat((byte)0xFF, 64).ToArray()) : l).ToList();
        string bad = Path.Combine(_dir, "escape.lgc");
        File.WriteAllBytes(bad, LgcContainer.Write(f.Header, layers));
        AssertOneLineError(CliTests.Run("decompress", bad, "-o", Path.Combine(_dir, "x.png"), "--model", Fixtures.TinyModel), "Escape code length");
    }
}
