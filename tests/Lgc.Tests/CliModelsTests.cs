using Lgc.Formats;
using System.Text.Json;

namespace Lgc.Tests;

/// <summary>`lgc models` lists the bundled weight files; --rate names one of them, in any case, and nothing else.</summary>
public class CliModelsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string Weights => Path.Combine(AppContext.BaseDirectory, "weights");

    [Fact]
    public void ModelsListsEveryBundledFileWithItsIdAndSize()
    {
        var r = CliTests.Run("models", "--json");
        Assert.True(r.Code == 0, r.Err);
        var rows = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var files = Directory.GetFiles(Weights, "*.safetensors");
        Assert.Equal(files.Length, rows.Length);
        foreach (var row in rows)
        {
            string path = Path.Combine(Weights, row.GetProperty("file").GetString()!);
            Assert.Equal(new FileInfo(path).Length, row.GetProperty("bytes").GetInt64());
            Assert.Equal(Formats.ModelId.ToHex(LgcCodec.ModelIdOf(path)), row.GetProperty("model_id").GetString());
            Assert.Equal("lgc-" + row.GetProperty("rate").GetString() + ".safetensors", row.GetProperty("file").GetString());
            // Heads and generator as the weight file's metadata declares them (xxlow ships without heads).
            var c = Model.ModelConfig.FromMetadata(SafeTensorsFile.Load(path).Metadata, path);
            string[] heads = [.. c.C > 0 ? ["latents"] : Array.Empty<string>(), .. c.RgbHeads ? ["rgb"] : Array.Empty<string>()];
            Assert.Equal(heads, row.GetProperty("heads").EnumerateArray().Select(h => h.GetString()!).ToArray());
            Assert.Equal(c.S > 0, row.GetProperty("generative").GetBoolean());
            Assert.Equal(c.Arch, row.GetProperty("arch").GetString());
        }
        Assert.Empty(rows.Single(x => x.GetProperty("rate").GetString() == "xxlow").GetProperty("heads").EnumerateArray());
        Assert.Equal(["latents", "rgb"], rows.Single(x => x.GetProperty("rate").GetString() == "low").GetProperty("heads").EnumerateArray().Select(h => h.GetString()));
        Assert.Contains("low", rows.Select(x => x.GetProperty("rate").GetString()));

        var text = CliTests.Run("models");
        Assert.True(text.Code == 0, text.Err);
        Assert.Matches(@"(?m)^low\s+[0-9a-f]{8}\s+\d+\s+latents\+rgb\s+lgc-low\.safetensors\s+\(default\)$", text.Out);
        Assert.Matches(@"(?m)^xxlow\s+[0-9a-f]{8}\s+\d+\s+none\s+lgc-xxlow\.safetensors$", text.Out);
    }

    [Fact]
    public void RateIsCaseInsensitiveListedInHelpAndNeverAPath()
    {
        string lgc = Path.Combine(_dir, "k.lgc");
        var c = CliTests.Run("compress", Fixtures.KodakCrop, "-o", lgc, "--rate", "XXLOW");
        Assert.True(c.Code == 0, c.Err);
        var info = JsonDocument.Parse(CliTests.Run("info", lgc, "--json").Out).RootElement;
        Assert.Equal(Formats.ModelId.ToHex(LgcCodec.ModelIdOf(Path.Combine(Weights, "lgc-xxlow.safetensors"))), info.GetProperty("model_id").GetString());

        var bogus = CliTests.Run("compress", Fixtures.KodakCrop, "-o", Path.Combine(_dir, "b.lgc"), "--rate", "ultra");
        CliProcess.AssertOneLineError(bogus.Code, bogus.Err, "no bundled model for rate 'ultra'");
        Assert.Contains("bundled rates: xxlow, xlow, low, midlow, mid", bogus.Err);
        var path = CliTests.Run("compress", Fixtures.KodakCrop, "-o", Path.Combine(_dir, "p.lgc"), "--rate", "../weights/lgc-low");
        CliProcess.AssertOneLineError(path.Code, path.Err, "no bundled model for rate");

        Assert.Contains("--rate <xxlow|xlow|low|midlow|mid>", CliTests.Run("compress", "--help").Out);
    }
}
