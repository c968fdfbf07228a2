using System.Text.Json;
using Lgc.Formats;

namespace Lgc.Tests.Eval;

/// <summary>`lgc eval` as a user runs it: the tiny model on a Kodak crop and a synthetic face-sized image.</summary>
public class EvalCliTests
{
    [Fact]
    public void EndToEndWritesCsvJsonAndPlotsAndARerunSkipsEverything()
    {
        using var d = new EvalData(n: 2, size: 256);
        string[] args = ["eval", d.Images, "--masks", d.Masks, "--attributes", d.Attributes, "--model", Fixtures.TinyModel,
            "--model", NoHeadsModel(d.Root), "--out", d.Out, "--ladder", "5,50", "--anchors", "jpeg-imagesharp,webp-imagesharp"];
        var r = CliTests.Run(args);
        Assert.True(r.Code == 0, r.Err + r.Out);
        Assert.Contains("has no analysis heads", r.Err); // the second model: noted, its latents rows carry no machine metrics

        // 2 models x (lgc, latents, jpeg@, webp@) + 3 jpeg + 3 webp (5, 50 and the lowest, 1) + original = 15 methods, 2 images.
        var csv = File.ReadAllLines(Path.Combine(d.Out, "per_image.csv"));
        Assert.Equal(1 + 2 * 15, csv.Length);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(d.Out, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(2, root.GetProperty("images").GetInt32());
        var lat = root.GetProperty("methods").GetProperty("lgc-latents:tiny");
        Assert.Equal(2, lat.GetProperty("images").GetInt32());
        Assert.InRange(lat.GetProperty("parsing").GetProperty("miou").GetDouble(), 0, 1);
        Assert.InRange(lat.GetProperty("attributes").GetProperty("balanced_accuracy").GetDouble(), 0, 1);
        Assert.False(root.GetProperty("methods").GetProperty("lgc-latents:tiny_noheads").TryGetProperty("parsing", out _));
        var orig = root.GetProperty("methods").GetProperty("original");
        Assert.Equal(24, orig.GetProperty("bpp").GetDouble());
        Assert.Equal(2, root.GetProperty("timing_ms").GetArrayLength());
        Assert.True(root.GetProperty("bd_rate").GetArrayLength() > 0);

        using var lgc = JsonDocument.Parse(File.ReadAllText(Path.Combine(d.Out, "results-lgc.json")));
        Assert.Equal("lgc", lgc.RootElement.GetProperty("name").GetString());
        Assert.Equal(2, lgc.RootElement.GetProperty("results").GetProperty("bpp").GetArrayLength());
        Assert.True(lgc.RootElement.GetProperty("results").GetProperty("psnr-rgb")[0].GetDouble() > 5);
        Assert.True(lgc.RootElement.GetProperty("results").GetProperty("ms-ssim-rgb")[0].GetDouble() > 0);
        foreach (var png in new[] { "rate_psnr.png", "rate_msssim.png", "miou_bpp.png", "attr_bpp.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(d.Out, png));
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png);
        }

        var again = CliTests.Run([.. args, "--limit", "5"]);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("0 new rows, 2 images already done", again.Out);
        Assert.Contains("lgc: WARNING: 5 images were asked for (--limit), the set has only 2", again.Err);
        Assert.Equal(csv, File.ReadAllLines(Path.Combine(d.Out, "per_image.csv")));

        // Another model file under a name the rows already use is refused, not mixed in.
        string other = Path.Combine(d.Root, "other");
        Directory.CreateDirectory(other);
        File.Copy(NoHeadsModel(d.Root), Path.Combine(other, "tiny.safetensors"));
        var mixed = CliTests.Run("eval", d.Images, "--model", Path.Combine(other, "tiny.safetensors"), "--out", d.Out);
        Assert.Equal(1, mixed.Code);
        Assert.Contains("model 'tiny' is not the one the rows in", mixed.Err);
    }

    [Fact]
    public void AMissingMaskIsOneLineAndTheRestIsEvaluated()
    {
        using var d = new EvalData(n: 2, size: 64);
        File.Delete(Path.Combine(d.Masks, "10.png"));
        var r = CliTests.Run("eval", d.Images, "--masks", d.Masks, "--model", Fixtures.TinyModel, "--out", d.Out,
            "--ladder", "", "--no-matched", "--no-plots", "--anchors", "jpeg-imagesharp", "--threads", "1");
        Assert.True(r.Code == 1, r.Err + r.Out);
        var error = Assert.Single(r.Err.Split('\n').Where(l => l.StartsWith("lgc: error: ")));
        Assert.Contains("10.png", error);
        var rows = File.ReadAllLines(Path.Combine(d.Out, "per_image.csv")).Skip(1).ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, l => Assert.StartsWith("11,", l));
    }

    [Fact]
    public void BadImagesAreOneLineEachAndTheRestIsEvaluated()
    {
        using var d = new EvalData(n: 3, size: 64);
        File.WriteAllText(Path.Combine(d.Images, "11.png"), "not an image");
        File.WriteAllBytes(Path.Combine(d.Images, "12.png"), File.ReadAllBytes(Path.Combine(d.Images, "12.png"))[..20]); // cut in the header
        var r = CliTests.Run("eval", d.Images, "--masks", d.Masks, "--model", Fixtures.TinyModel, "--out", d.Out,
            "--ladder", "", "--no-matched", "--no-plots", "--anchors", "jpeg-imagesharp", "--threads", "1");
        Assert.True(r.Code == 1, r.Err + r.Out);
        var errors = r.Err.Split('\n').Where(l => l.StartsWith("lgc: error: ")).ToArray();
        Assert.Equal(2, errors.Length);
        Assert.Contains("11.png", errors[0]);
        Assert.Contains("12.png", errors[1]);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.True(File.Exists(Path.Combine(d.Out, "summary.json")));
        var rows = File.ReadAllLines(Path.Combine(d.Out, "per_image.csv")).Skip(1).ToArray();
        Assert.NotEmpty(rows); // the good image was evaluated, and only it
        Assert.All(rows, l => Assert.StartsWith("10,", l));
    }

    /// <summary>The tiny model without its analysis and RGB heads (C = 0, rgb_heads = false).</summary>
    static string NoHeadsModel(string dir)
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        var w = new SafeTensorsWriter();
        foreach (var (k, v) in f.Metadata) w.AddMetadata(k, k == "C" ? "0" : k == "rgb_heads" ? "false" : v);
        foreach (var n in f.Names.Where(n => !n.StartsWith("an.") && !n.StartsWith("rgb.")))
        {
            var info = f.GetInfo(n);
            w.AddRaw(n, info.DType, f.GetBytes(n), info.Shape.ToArray());
        }
        string path = Path.Combine(dir, "tiny_noheads.safetensors");
        w.WriteFileAtomic(path);
        return path;
    }
}
