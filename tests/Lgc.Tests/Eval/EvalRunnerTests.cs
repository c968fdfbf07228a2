using Lgc.Evaluation;

namespace Lgc.Tests.Eval;

/// <summary>The runner on the tiny model: rows per method, restart skipping, torn rows after a kill.</summary>
public class EvalRunnerTests
{
    static readonly Lazy<LgcCodec> Tiny = new(() => LgcCodec.Load(Fixtures.TinyModel));

    static EvalRunner Runner(EvalSet set, ResultsStore store) =>
        new(set, new EvalOptions { Models = [new EvalModel("tiny", Tiny.Value)], RgbAnalyzer = Tiny.Value, Ladder = [5, 50] }, store, null);

    [Fact]
    public void EveryMethodGetsARowAndARestartSkipsThem()
    {
        using var d = new EvalData(n: 2, size: 64);
        var set = d.Open();
        Directory.CreateDirectory(d.Out);
        string csv = Path.Combine(d.Out, "per_image.csv");
        var r1 = Runner(set, new ResultsStore(csv, restart: false));
        r1.Run();
        Assert.Empty(r1.Failures);
        // lgc, latents, jpeg@, webp@, 2 jpeg, 2 webp, original.
        Assert.Equal(9, r1.Methods.Count);
        Assert.Equal(2 * 9, r1.RowsWritten);
        Assert.Equal(1 + 18, File.ReadAllLines(csv).Length);

        var store = new ResultsStore(csv, restart: false);
        var latents = store.Get("10", "lgc-latents:tiny")!;
        Assert.NotNull(latents.Inter);
        Assert.Equal(64 * 64, latents.PixTotal);
        Assert.Equal(40, latents.AttrPred!.Length);
        var full = store.Get("10", "lgc:tiny")!;
        Assert.True(full.Bytes > latents.Bytes && full.HeaderBytes == latents.HeaderBytes && full.HeaderBytes > 0);
        Assert.Equal(full.Bytes, full.HeaderBytes + full.PayloadBytes);
        var matched = store.Get("10", "jpeg@tiny")!;
        Assert.True(matched.Status == "cannot_reach" || matched.Bytes <= full.Bytes);

        var r2 = Runner(set, store);
        r2.Run();
        Assert.Equal(0, r2.RowsWritten);
        Assert.Equal(2, r2.ImagesSkipped);

        var r3 = Runner(set, new ResultsStore(csv, restart: true));
        r3.Run();
        Assert.Equal(18, r3.RowsWritten);
    }

    [Fact]
    public void ATornLastRowIsDroppedAndRedone()
    {
        using var d = new EvalData(n: 1, size: 64);
        var set = d.Open();
        Directory.CreateDirectory(d.Out);
        string csv = Path.Combine(d.Out, "per_image.csv");
        Runner(set, new ResultsStore(csv, false)).Run();
        var lines = File.ReadAllLines(csv);
        // Simulate a kill in the middle of the last row: its text without the newline.
        File.WriteAllText(csv, string.Join("\n", lines[..^1]) + "\n" + lines[^1][..20]);
        var store = new ResultsStore(csv, false);
        Assert.Equal(lines.Length - 2, store.Rows.Count);
        Assert.EndsWith("\n", File.ReadAllText(csv));
        var r = Runner(set, store);
        r.Run();
        Assert.Equal(1, r.RowsWritten);
        Assert.Equal(lines.Length, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void TheSummaryCountsImagesAndSaysWhenAMeanIsOverFewer()
    {
        using var d = new EvalData(n: 2, size: 64);
        var set = d.Open();
        Directory.CreateDirectory(d.Out);
        var store = new ResultsStore(Path.Combine(d.Out, "per_image.csv"), false);
        var runner = Runner(set, store);
        runner.Run();
        var s = EvalSummary.Build(set, runner.Methods, store, null, null);
        var lat = s.Methods.Single(m => m.Method.Name == "lgc-latents:tiny");
        Assert.Equal(2, lat.Images);
        Assert.Equal(2, lat.ParsingImages);
        Assert.InRange(lat.MIou, 0, 1);
        Assert.Equal(24, s.Methods.Single(m => m.Method.Family == "original").Bpp);
        Assert.Contains(s.BdRates, b => b.Test == "webp" && b.Anchor == "jpeg");
        Assert.Single(s.Timings);
        // A method with a missing row is flagged.
        var store2 = new ResultsStore(Path.Combine(d.Out, "per_image.csv"), false);
        var lines = File.ReadAllLines(store2.Path).Where(l => !l.StartsWith("11,jpeg-q5,")).ToArray();
        File.WriteAllLines(store2.Path, lines);
        var s2 = EvalSummary.Build(set, runner.Methods, new ResultsStore(store2.Path, false), null, null);
        Assert.Contains(s2.Warnings, w => w.StartsWith("jpeg-q5: means over 1 of 2 images"));
    }
}
