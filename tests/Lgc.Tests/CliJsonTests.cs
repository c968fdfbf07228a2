using System.Text.Json;

namespace Lgc.Tests;

/// <summary>--json: one object per file on stdout (JSON Lines), every line parseable, lines for people on stderr.</summary>
public class CliJsonTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static JsonElement[] Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

    static string TinyId => Formats.ModelId.ToHex(LgcCodec.ModelIdOf(Fixtures.TinyModel));

    [Fact]
    public void CompressDecompressAnalyzeInfoGiveOneObjectPerFile()
    {
        string lgc = Path.Combine(_dir, "k.lgc"), png = Path.Combine(_dir, "k.png"), attrs = Path.Combine(_dir, "k.json");
        var c = CliTests.Run("compress", Fixtures.KodakCrop, "-o", lgc, "--json", "--model", Fixtures.TinyModel);
        Assert.True(c.Code == 0, c.Err);
        var o = Assert.Single(Lines(c.Out));
        long size = new FileInfo(lgc).Length;
        Assert.Equal("compress", o.GetProperty("command").GetString());
        Assert.Equal(Fixtures.KodakCrop, o.GetProperty("input").GetString());
        Assert.Equal(lgc, o.GetProperty("output").GetString());
        Assert.Equal("ok", o.GetProperty("status").GetString());
        Assert.Equal(size, o.GetProperty("bytes").GetInt64());
        Assert.Equal(size * 8.0 / (256 * 256), o.GetProperty("bpp").GetDouble(), 5);
        Assert.Equal(TinyId, o.GetProperty("model_id").GetString());
        Assert.True(o.GetProperty("ms").GetDouble() > 0);
        Assert.False(o.TryGetProperty("error", out _));

        var d = Assert.Single(Lines(CliTests.Run("decompress", lgc, "-o", png, "--json", "--model", Fixtures.TinyModel).Out));
        Assert.Equal(("ok", "png", 256, size), (d.GetProperty("status").GetString(), d.GetProperty("format").GetString(),
            d.GetProperty("width").GetInt32(), d.GetProperty("bytes").GetInt64()));

        var a = Assert.Single(Lines(CliTests.Run("analyze", lgc, "--attributes", attrs, "--mask", Path.Combine(_dir, "m.png"), "--json", "--model", Fixtures.TinyModel).Out));
        Assert.Equal(("latents", attrs), (a.GetProperty("source").GetString(), a.GetProperty("attributes").GetString()));
        var labelled = JsonDocument.Parse(File.ReadAllText(attrs)).RootElement.GetProperty("attributes").EnumerateArray()
            .Where(e => e.GetProperty("label").GetBoolean()).Select(e => e.GetProperty("name").GetString()).ToArray();
        Assert.Equal(labelled, a.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToArray());

        var i = CliTests.Run("info", lgc, lgc, "--json");
        Assert.True(i.Code == 0, i.Err);
        var infos = Lines(i.Out);
        Assert.Equal(2, infos.Length);
        var layers = infos[0].GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(["hyper_latents", "latents", "texture"], layers.Select(l => l.GetProperty("layer").GetString()!).ToArray());
        Assert.Equal(size, infos[0].GetProperty("header_bytes").GetInt64() + layers.Sum(l => l.GetProperty("bytes").GetInt64()));
        Assert.Equal(TinyId, infos[0].GetProperty("model_id").GetString());
    }

    [Fact]
    public void AFolderRunReportsEveryFileAndKeepsStdoutParseable()
    {
        string input = Path.Combine(_dir, "in");
        Directory.CreateDirectory(input);
        File.Copy(Fixtures.KodakCrop, Path.Combine(input, "a.png"));
        File.Copy(Fixtures.KodakCrop, Path.Combine(input, "b.png"));
        File.WriteAllText(Path.Combine(input, "c.png"), "not really a png");
        string packed = Path.Combine(_dir, "packed");
        Directory.CreateDirectory(packed);
        File.WriteAllText(Path.Combine(packed, "b.lgc"), "already here");
        var r = CliTests.Run("compress", input, "-o", packed, "--json", "--skip-existing", "--model", Fixtures.TinyModel);
        Assert.Equal(1, r.Code);
        var lines = Lines(r.Out); // any progress or summary text on stdout would fail to parse
        Assert.Equal(["ok", "skipped", "failed"], lines.Select(l => l.GetProperty("status").GetString()!).ToArray());
        Assert.EndsWith("c.png", lines[2].GetProperty("input").GetString());
        Assert.False(string.IsNullOrEmpty(lines[2].GetProperty("error").GetString()));
        Assert.Contains("c.png", r.Err);
        Assert.Contains("compress: 1 of 3 files done, 1 skipped (output exists), 1 failed", r.Err);
    }

    [Fact]
    public void OneFailingFileIsAnObjectAndOneErrorLine()
    {
        string bad = Path.Combine(_dir, "bad.lgc");
        File.WriteAllBytes(bad, [(byte)'L', (byte)'G', (byte)'C', 1, 2, 3]);
        var r = CliTests.Run("decompress", bad, "-o", Path.Combine(_dir, "x.png"), "--json", "--model", Fixtures.TinyModel);
        var o = Assert.Single(Lines(r.Out));
        Assert.Equal("failed", o.GetProperty("status").GetString());
        CliProcess.AssertOneLineError(r.Code, r.Err, o.GetProperty("error").GetString()!);
    }

    [Fact]
    public void VerifyGivesOneObjectAndKeepsItsLinesOnStderr()
    {
        var r = CliTests.Run("verify", Fixtures.KodakCrop, "--symbols", Path.Combine(Fixtures.Dir, "tiny_kodim23_symbols.safetensors"),
            "--torch-png", Path.Combine(Fixtures.Dir, "tiny_kodim23_torch.png"), "--model", Fixtures.TinyModel, "--json", "--threads", "1");
        Assert.True(r.Code == 0, r.Err);
        var o = Lines(r.Out).Single();
        Assert.Equal("ok", o.GetProperty("status").GetString());
        Assert.Equal(0, o.GetProperty("symbols_differ").GetProperty("y_sym").GetInt32());
        Assert.True(o.GetProperty("bytes").GetInt64() > 0);
        Assert.Contains("symbols differ", r.Err.Replace("differing", "differ"));
    }

    [Fact]
    public void TheAttributesFileIsUnchangedBySourceGeneration()
    {
        // The CLI's and the engine's source-generated attributes JSON must read exactly as the reflection-based
        // serialization of anonymous types did (what the engine used before trimming/NativeAOT builds).
        string attrs = Path.Combine(_dir, "a.json");
        var r = CliTests.Run("analyze", Fixtures.KodakCrop, "--attributes", attrs, "--mask", Path.Combine(_dir, "m.png"), "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var a = FaceAnalyzer.FromImage(codec, Imaging.ImageIo.Load(Fixtures.KodakCrop));
        var entries = FaceLabels.Attributes.Select((n, i) => new { name = n, probability = MathF.Round(a.AttributeProbabilities[i], 4), label = a.Label(i) });
        string expected = JsonSerializer.Serialize(new { source = a.Source, attributes = entries }, new JsonSerializerOptions { WriteIndented = true });
        Assert.Equal(expected, File.ReadAllText(attrs));
        Assert.Equal(expected, FaceAnalyzer.AttributesJson(a));
    }
}
