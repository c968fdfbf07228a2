using System.Diagnostics;
using Lgc.Imaging;

namespace Lgc.Tests;

/// <summary>The lgc command line, run as a user runs it (a child process), on the bundled Kodak crop and the tiny model.</summary>
public class CliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (int Code, string Out, string Err) Run(params string[] args) => Lgc(args);

    static (int Code, string Out, string Err) Lgc(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lgc.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "lgc did not finish in 2 minutes");
        return (p.ExitCode, stdout.Result, err);
    }

    [Fact]
    public void CompressDecompressInfoOnOneFile()
    {
        string lgc = Path.Combine(_dir, "k.lgc"), png = Path.Combine(_dir, "k_hat.png");
        var c = Lgc("compress", Fixtures.KodakCrop, "-o", lgc, "--model", Fixtures.TinyModel);
        Assert.True(c.Code == 0, c.Err);
        Assert.Contains("bpp", c.Out);
        var d = Lgc("decompress", lgc, "-o", png, "--model", Fixtures.TinyModel);
        Assert.True(d.Code == 0, d.Err);
        var original = ImageIo.Load(Fixtures.KodakCrop);
        var decoded = ImageIo.Load(png);
        Assert.Equal((original.Width, original.Height), (decoded.Width, decoded.Height));
        var i = Lgc("info", lgc);
        Assert.True(i.Code == 0, i.Err);
        Assert.Contains("model id", i.Out);
        Assert.Contains("base: latents y", i.Out);
    }

    [Fact]
    public void FoldersAreProcessedAndABadFileDoesNotStopTheRest()
    {
        string input = Path.Combine(_dir, "in"), packed = Path.Combine(_dir, "packed"), output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(input);
        File.Copy(Fixtures.KodakCrop, Path.Combine(input, "a.png"));
        ImageIo.SavePng(CodecRoundTripTests.Synthetic(40, 30, 9), Path.Combine(input, "b.png"));
        File.WriteAllText(Path.Combine(input, "c.png"), "not really a png");
        var c = Lgc("compress", input, "-o", packed, "--model", Fixtures.TinyModel);
        Assert.Equal(1, c.Code);
        Assert.Contains("c.png", c.Err);
        Assert.True(File.Exists(Path.Combine(packed, "a.lgc")));
        Assert.True(File.Exists(Path.Combine(packed, "b.lgc")));
        var d = Lgc("decompress", packed, "-o", output, "--model", Fixtures.TinyModel);
        Assert.True(d.Code == 0, d.Err);
        Assert.Equal((40, 30), (ImageIo.Load(Path.Combine(output, "b.png")).Width, ImageIo.Load(Path.Combine(output, "b.png")).Height));
    }

    [Fact]
    public void ErrorsAreOneClearLineAndANonZeroExit()
    {
        var missing = Lgc("compress", Path.Combine(_dir, "nope.png"), "--model", Fixtures.TinyModel);
        Assert.Equal(1, missing.Code);
        Assert.Contains("does not exist", missing.Err);
        Assert.DoesNotContain("   at ", missing.Err); // no stack trace

        string bad = Path.Combine(_dir, "bad.lgc");
        File.WriteAllBytes(bad, [(byte)'L', (byte)'G', (byte)'C', 1, 2, 3]);
        var d = Lgc("decompress", bad, "--model", Fixtures.TinyModel);
        Assert.Equal(1, d.Code);
        Assert.StartsWith("lgc: error:", d.Err);
        Assert.DoesNotContain("   at ", d.Err);

        var backend = Lgc("compress", Fixtures.KodakCrop, "-o", Path.Combine(_dir, "x.lgc"), "--model", Fixtures.TinyModel, "--backend", "quantum");
        Assert.Equal(1, backend.Code);
        Assert.Contains("unknown backend 'quantum'", backend.Err);
    }
}

public class CliAnalyzeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnalyzeReadsOnlyTheBaseLayerAndWritesMaskAndAttributes()
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var img = ImageIo.Load(Fixtures.KodakCrop);
        byte[] file = codec.Compress(img).Bytes;
        var info = LgcCodec.Inspect(file);
        int textureLength = info.File.Directory.Single(l => l.Type == Formats.LgcLayerType.Texture).Length;
        // Cut the texture layer off: analysis must not need it.
        string lgc = Path.Combine(_dir, "base_only.lgc");
        File.WriteAllBytes(lgc, file[..^textureLength]);
        string mask = Path.Combine(_dir, "m.png"), json = Path.Combine(_dir, "a.json"), overlay = Path.Combine(_dir, "o.png");
        var r = CliTests.Run("analyze", lgc, "--mask", mask, "--attributes", json, "--overlay", overlay, "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("from latents", r.Out);

        var expected = FaceAnalyzer.FromLgc(codec, file);
        using var m = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.L8>(mask);
        Assert.Equal((img.Width, img.Height), (m.Width, m.Height));
        var raw = new byte[img.Width * img.Height];
        m.CopyPixelDataTo(raw);
        Assert.Equal(expected.Mask, raw);
        Assert.All(raw, v => Assert.InRange(v, 0, 18));
        var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(40, doc.RootElement.GetProperty("attributes").GetArrayLength());
        Assert.True(File.Exists(overlay));
    }

    [Fact]
    public void AnImageRunsTheRgbHeads()
    {
        string json = Path.Combine(_dir, "rgb.json");
        var r = CliTests.Run("analyze", Fixtures.KodakCrop, "--attributes", json, "--mask", Path.Combine(_dir, "rgb.png"), "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("from rgb", r.Out);
        Assert.Contains("\"source\": \"rgb\"", File.ReadAllText(json));
    }
}

public class CliVerifyTests
{
    [Fact]
    public void VerifyAgreesWithPyTorchOnTheBundledCrop()
    {
        var r = CliTests.Run("verify", Fixtures.KodakCrop, "--model", Fixtures.TinyModel,
            "--symbols", Path.Combine(Fixtures.Dir, "tiny_kodim23_symbols.safetensors"),
            "--torch-png", Path.Combine(Fixtures.Dir, "tiny_kodim23_torch.png"));
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("symbols differing from PyTorch: 0", r.Out);
    }

    [Fact]
    public void VerifyFailsWhenThePyTorchDecodeDiffers()
    {
        // Another image's decode stands in for a wrong reconstruction.
        var r = CliTests.Run("verify", Fixtures.KodakCrop, "--model", Fixtures.TinyModel,
            "--symbols", Path.Combine(Fixtures.Dir, "tiny_kodim23_symbols.safetensors"),
            "--torch-png", Fixtures.KodakCrop);
        Assert.Equal(1, r.Code);
    }
}
