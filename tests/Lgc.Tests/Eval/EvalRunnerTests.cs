using Lgc.Lab.Evaluation;

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
        // lgc, latents, jpeg@, webp@, 3 jpeg, 3 webp (the ladder 5, 50 plus each encoder's lowest quality, 1), original.
        Assert.Equal(11, r1.Methods.Count);
        Assert.Equal(2 * 11, r1.RowsWritten);
        Assert.Equal(1 + 22, File.ReadAllLines(csv).Length);

        var store = new ResultsStore(csv, restart: false);
        var latents = store.Get("10", "lgc-latents:tiny")!;
        Assert.NotNull(latents.Inter);
        Assert.Equal(64 * 64, latents.PixTotal);
        Assert.Equal(40, latents.AttrPred!.Length);
        var full = store.Get("10", "lgc:tiny")!;
        Assert.True(full.Bytes > latents.Bytes && full.HeaderBytes == latents.HeaderBytes && full.HeaderBytes > 0);
        Assert.Equal(full.Bytes, full.HeaderBytes + full.PayloadBytes);
        var matched = store.Get("10", "jpeg-imagesharp@tiny")!;
        Assert.True(matched.Status == "cannot_reach" || matched.Bytes <= full.Bytes);

        var r2 = Runner(set, store);
        r2.Run();
        Assert.Equal(0, r2.RowsWritten);
        Assert.Equal(2, r2.ImagesSkipped);

        var r3 = Runner(set, new ResultsStore(csv, restart: true));
        r3.Run();
        Assert.Equal(22, r3.RowsWritten);
    }

    [Fact]
    public void ABadMaskFailsItsImageOnlyAndNamesTheMask()
    {
        using var d = new EvalData(n: 2, size: 64);
        d.WriteMask("10", 64, 64, (x, _) => (byte)(x == 63 ? 200 : 0));
        var set = d.Open();
        Directory.CreateDirectory(d.Out);
        var store = new ResultsStore(Path.Combine(d.Out, "per_image.csv"), false);
        var r = Runner(set, store);
        r.Run();
        var f = Assert.Single(r.Failures);
        Assert.Contains("10.png", f);
        Assert.Contains("value 200", f);
        Assert.Equal(11, r.RowsWritten); // image 11 only
        Assert.DoesNotContain(store.Rows, x => x.Image == "10");
        var s = EvalSummary.Build(set, r.Methods, store, null, null);
        Assert.Contains(s.Warnings, w => w.StartsWith("lgc:tiny: means over 1 of 2 images (1 failed or not run)"));
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
        var orig = s.Methods.Single(m => m.Method.Family == "original");
        Assert.Equal(24, orig.Bpp);
        Assert.True(double.IsNaN(orig.Psnr)); // no fidelity of the original against itself
        Assert.Equal(2, orig.ParsingImages);
        Assert.Contains(s.BdRates, b => b.Test == "webp-imagesharp" && b.Anchor == "jpeg-imagesharp");
        Assert.Single(s.Timings);
        // A method with a missing row is flagged.
        var store2 = new ResultsStore(Path.Combine(d.Out, "per_image.csv"), false);
        var lines = File.ReadAllLines(store2.Path).Where(l => !l.StartsWith("11,jpeg-imagesharp-q5,")).ToArray();
        File.WriteAllLines(store2.Path, lines);
        var s2 = EvalSummary.Build(set, runner.Methods, new ResultsStore(store2.Path, false), null, null);
        Assert.Contains(s2.Warnings, w => w.StartsWith("jpeg-imagesharp-q5: means over 1 of 2 images"));
    }
}

/// <summary>The feature-metric hook: features per (image, method) kept across restarts, the distance per method against the originals.</summary>
public class FeatureMetricTests
{
    /// <summary>A stand-in for FD-R18: mean colour per image; distance = mean absolute difference of the set means.</summary>
    sealed class MeanColour : IFeatureMetric
    {
        public int Calls;
        public string Name => "mean-colour";
        public float[] Extract(Imaging.RgbImage image)
        {
            Interlocked.Increment(ref Calls);
            var m = new float[3];
            for (int i = 0; i < image.Pixels.Length; i++) m[i % 3] += image.Pixels[i];
            return m.Select(v => v / (image.Pixels.Length / 3)).ToArray();
        }
        public double Distance(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> test) =>
            Enumerable.Range(0, 3).Average(c => Math.Abs(reference.Average(f => f[c]) - test.Average(f => f[c])));
    }

    [Fact]
    public void DistancesAreComputedPerMethodAndFeaturesSurviveARestart()
    {
        using var d = new EvalData(n: 2, size: 64);
        var set = EvalSet.Open(d.Images); // no labels: the feature metric alone brings in the originals
        Directory.CreateDirectory(d.Out);
        using var tiny = LgcCodec.Load(Fixtures.TinyModel);
        var fd = new MeanColour();
        EvalRunner Make(bool restart, out ResultsStore store, out FeatureStore features)
        {
            store = new ResultsStore(Path.Combine(d.Out, "per_image.csv"), restart);
            features = new FeatureStore(Path.Combine(d.Out, "features.tsv"), restart);
            return new EvalRunner(set, new EvalOptions { Models = [new EvalModel("tiny", tiny)], Ladder = [30], Matched = false, Feature = fd }, store, features);
        }
        var r = Make(false, out var store, out var features);
        r.Run();
        Assert.Contains(r.Methods, m => m.Family == "original");
        int calls = fd.Calls;
        Assert.Equal(2 * 6, calls); // lgc, jpeg q1 and q30, webp q1 and q30, original (not latents) x 2 images
        var s = EvalSummary.Build(set, r.Methods, store, features, fd);
        var lgc = s.Methods.Single(m => m.Method.Family == "lgc");
        Assert.Equal(2, lgc.FdImages);
        Assert.True(lgc.Fd >= 0);
        Assert.True(double.IsNaN(s.Methods.Single(m => m.Method.Family == "original").Fd)); // the reference itself is not scored

        var again = Make(false, out store, out features);
        again.Run();
        Assert.Equal(calls, fd.Calls); // nothing recomputed
        Assert.Equal(lgc.Fd, EvalSummary.Build(set, again.Methods, store, features, fd).Methods.Single(m => m.Method.Family == "lgc").Fd, 12);
    }

    [Fact]
    public void WithoutAnImplementationTheMetricIsSkippedWithANote()
    {
        string f = Path.GetTempFileName();
        try
        {
            var notes = new List<string>();
            var old = FeatureMetricFactory.Factory;
            FeatureMetricFactory.Factory = null; // no implementation: the metric is skipped with a note
            try
            {
                Assert.Null(FeatureMetricFactory.Create(null, notes.Add));
                Assert.Empty(notes);
                Assert.Null(FeatureMetricFactory.Create(f, notes.Add));
                Assert.Contains(notes, n => n.Contains("no feature-distance implementation"));
                Assert.Throws<LgcException>(() => FeatureMetricFactory.Create(f + ".missing", notes.Add));
            }
            finally { FeatureMetricFactory.Factory = old; }
        }
        finally { File.Delete(f); }
    }
}
