using System.Text.Json;
using Lgc.Formats;

namespace Lgc.Tests.Eval;

/// <summary>`lgc eval --reference-model`: the non-generative scale hyperprior as its own family, added to an existing run.</summary>
public class EvalReferenceTests
{
    [Fact]
    public void AReferenceModelAddedToAnExistingRunGetsItsOwnFamilyAndKeepsEarlierRows()
    {
        using var d = new EvalData(n: 2, size: 64);
        string hp = HyperpriorModel(d.Root, "tiny_hp");
        string[] args = ["eval", d.Images, "--masks", d.Masks, "--attributes", d.Attributes, "--model", Fixtures.TinyModel,
            "--out", d.Out, "--ladder", "5,50", "--no-matched", "--anchors", "jpeg-imagesharp,webp-imagesharp"];
        var first = CliTests.Run(args);
        Assert.True(first.Code == 0, first.Err + first.Out);
        var before = File.ReadAllLines(Path.Combine(d.Out, "per_image.csv"));

        // Adding a reference model to the same folder: only its rows are computed, the earlier ones stay as they were.
        var second = CliTests.Run([.. args, "--reference-model", hp]);
        Assert.True(second.Code == 0, second.Err + second.Out);
        Assert.Contains("2 new rows", second.Out);
        var after = File.ReadAllLines(Path.Combine(d.Out, "per_image.csv"));
        Assert.Equal(before, after[..before.Length]);
        Assert.Equal(before.Length + 2, after.Length);

        var store = new Lgc.Lab.Evaluation.ResultsStore(Path.Combine(d.Out, "per_image.csv"), restart: false);
        var row = store.Get("10", "hyperprior:tiny_hp")!;
        Assert.Equal("hyperprior", row.Family);
        Assert.True(row.HeaderBytes > 0 && row.PayloadBytes > 0);
        Assert.Equal(row.Bytes, row.HeaderBytes + row.PayloadBytes);
        Assert.True(row.Psnr > 5);
        Assert.True(double.IsNaN(row.MsSsim)); // 64 px: below MS-SSIM's 176 px minimum, as for every other method here
        // Decode-then-analyse: the lgc model's RGB heads score the reference's decoded pixels.
        Assert.Equal(64 * 64, row.PixTotal);
        Assert.Equal(40, row.AttrPred!.Length);
        Assert.DoesNotContain(store.Rows, r => r.Method.Contains("tiny_hp") && r.Family != "hyperprior"); // no latents, no matched rows

        using var res = JsonDocument.Parse(File.ReadAllText(Path.Combine(d.Out, "results-hyperprior.json")));
        Assert.Equal("hyperprior", res.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, res.RootElement.GetProperty("results").GetProperty("bpp").GetArrayLength());

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(d.Out, "summary.json")));
        var bd = summary.RootElement.GetProperty("bd_rate").EnumerateArray()
            .Select(b => (Test: b.GetProperty("test").GetString(), Anchor: b.GetProperty("anchor").GetString(), Metric: b.GetProperty("quality").GetString(),
                Percent: b.GetProperty("percent"), Reason: b.GetProperty("reason"))).ToList();
        foreach (var (test, anchor) in new[] { ("lgc", "hyperprior"), ("hyperprior", "jpeg-imagesharp"), ("hyperprior", "webp-imagesharp") })
            foreach (var metric in new[] { "psnr-rgb", "ms-ssim-rgb-db" })
            {
                var b = Assert.Single(bd, x => x.Test == test && x.Anchor == anchor && x.Metric == metric);
                // One reference rate point (and no MS-SSIM at 64 px): no BD-rate, and the reason says why.
                Assert.Equal(JsonValueKind.Null, b.Percent.ValueKind);
                Assert.Contains(metric == "psnr-rgb" ? "1 usable point(s), needs 2" : "0 usable point(s), needs 2", b.Reason.GetString());
            }
        var m = summary.RootElement.GetProperty("methods").GetProperty("hyperprior:tiny_hp");
        Assert.Equal("hyperprior", m.GetProperty("family").GetString());
        Assert.InRange(m.GetProperty("parsing").GetProperty("miou").GetDouble(), 0, 1);
        Assert.True(File.Exists(Path.Combine(d.Out, "rate_psnr.png")));

        // Another reference file under a name the rows already use is refused, not mixed in.
        string other = Path.Combine(d.Root, "other");
        Directory.CreateDirectory(other);
        var changed = CliTests.Run([.. args, "--reference-model", HyperpriorModel(other, "tiny_hp", "another")]);
        Assert.Equal(1, changed.Code);
        Assert.Contains("model 'hyperprior:tiny_hp' is not the one the rows in", changed.Err);
    }

    [Fact]
    public void AModelWithATextureLayerIsRefusedAsTheReference()
    {
        using var d = new EvalData(n: 1, size: 64);
        var r = CliTests.Run("eval", d.Images, "--model", Fixtures.TinyModel, "--reference-model", Fixtures.TinyModel, "--out", d.Out);
        Assert.Equal(1, r.Code);
        Assert.Contains("has a texture layer", r.Err);
    }

    /// <summary>
    /// The tiny model as a plain scale hyperprior (docs/model-format.md): S = 0, arch hyperprior-v1, no t_a, tex_prior
    /// or AdaIN tensors, and no heads (C = 0). <paramref name="label"/> goes into the metadata, so it changes the model id.
    /// </summary>
    static string HyperpriorModel(string dir, string stem, string label = "tiny-hyperprior")
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        var w = new SafeTensorsWriter();
        foreach (var (k, v) in f.Metadata)
            w.AddMetadata(k, k switch { "arch" => "hyperprior-v1", "S" or "C" => "0", "rgb_heads" => "false", "name" => label, _ => v });
        if (!f.Metadata.ContainsKey("name")) w.AddMetadata("name", label);
        foreach (var n in f.Names.Where(n => !n.StartsWith("t_a.") && !n.StartsWith("tex_prior.") && !n.StartsWith("g_s.adain")
                                             && !n.StartsWith("an.") && !n.StartsWith("rgb.")))
        {
            var info = f.GetInfo(n);
            w.AddRaw(n, info.DType, f.GetBytes(n), info.Shape.ToArray());
        }
        string path = Path.Combine(dir, stem + ".safetensors");
        w.WriteFileAtomic(path);
        return path;
    }
}
