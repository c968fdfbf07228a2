using System.CommandLine;
using System.Globalization;
using Lgc.Lab.Evaluation;
using Lgc.Lab.Plots;
using Spectre.Console;

namespace Lgc.Cli;

/// <summary>`lgc eval`: a thin shell over Lgc.Lab.Evaluation (data checks, runner, summary) plus Lgc.Lab.Plots.</summary>
static class EvalCommand
{
    public static Command Create()
    {
        var images = new Argument<string>("images") { Description = "folder of images (e.g. ../shared/data/faces256 or ce7454/images)" };
        var ids = new Option<string?>("--ids") { Description = "id list (one file stem per line, e.g. splits/codec_val.txt): which images, in what order" };
        var masks = new Option<string?>("--masks") { Description = "folder of <id>.png parsing masks (class indices 0-18)" };
        var attrs = new Option<string?>("--attributes") { Description = "attributes.tsv (idx + 40 columns of 0/1)" };
        var mapping = new Option<string?>("--mapping") { Description = "ce7454/mapping.tsv: finds the attributes of CE7454 images by their CelebA-HQ idx" };
        var models = new Option<string[]>("--model", "-m") { Description = "weight file to evaluate (repeat for several rate points); default: the bundled lgc-low", AllowMultipleArgumentsPerToken = false };
        var references = new Option<string[]>("--reference-model") { Description = "non-generative scale-hyperprior weight file (arch hyperprior-v1) as the reference codec (repeat for several rate points; family 'hyperprior')", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "output folder (per_image.csv, results-*.json, summary.json, *.png); rerunning continues where it stopped", Required = true };
        var limit = new Option<int>("--limit") { Description = "use only the first N images" };
        var size = new Option<int>("--size") { Description = "resize images (bicubic) and masks (nearest) to N x N first, e.g. 256 for CE7454's 512 px" };
        var ladder = new Option<string>("--ladder") { Description = "qualities (1..100) of the JPEG/WebP RD curves, each also run at its encoder's lowest quality (AVIF and JPEG XL use their own ladders); empty: no ladders", DefaultValueFactory = _ => "1,5,10,20,40,70" };
        var noMatched = new Option<bool>("--no-matched") { Description = "skip the classic codecs at the .lgc file's bytes (saves up to 8 encodes per image, model and codec)" };
        var avifSpeed = new Option<int>("--avif-speed") { Description = "avifenc speed (0 slowest .. 10 fastest); part of the method name (avif-s6)", DefaultValueFactory = _ => ReferenceCodecs.DefaultAvifSpeed };
        var anchors = new Option<string?>("--anchors") { Description = $"classic codecs to compare with, comma-separated (default: all of {string.Join(",", ReferenceCodecs.Names)}; *-imagesharp are the in-process fallbacks)" };
        var fdModel = new Option<string?>("--fd-model") { Description = "feature model for the feature-distance metric (FD-R18)" };
        var target = new Option<double>("--target") { Description = "bits-to-accuracy target as a fraction of the accuracy on the original pixels", DefaultValueFactory = _ => 0.95 };
        var restart = new Option<bool>("--restart") { Description = "discard earlier results in --out and start over" };
        var noPlots = new Option<bool>("--no-plots") { Description = "skip the PNG plots" };
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var cmd = new Command("eval", "rate, PSNR, MS-SSIM and machine-vision accuracy of LGC models against AVIF, JPEG XL, WebP and JPEG (their reference encoders when installed) on an image set")
            { images, ids, masks, attrs, mapping, models, references, output, limit, size, ladder, noMatched, avifSpeed, anchors, fdModel, target, restart, noPlots, backend, threads };
        cmd.SetAction(r =>
        {
            ThreadLimit.FromOption(r, threads);
            string outDir = r.GetValue(output)!;
            var set = EvalSet.Open(r.GetValue(images)!, r.GetValue(ids), r.GetValue(masks), r.GetValue(attrs), r.GetValue(mapping), r.GetValue(limit), r.GetValue(size));
            var qualities = ParseLadder(r.GetValue(ladder)!);
            var paths = r.GetValue(models) is { Length: > 0 } m ? m : [ModelLocator.ForCompress(null, ModelLocator.DefaultRate)];
            var refPaths = r.GetValue(references) ?? [];
            foreach (var p in paths.Concat(refPaths)) if (!File.Exists(p)) throw new LgcException($"model '{p}' does not exist");
            void Note(string s) => Console.Error.WriteLine($"lgc: note: {s}");
            var fd = FeatureMetricFactory.Create(r.GetValue(fdModel), Note);
            var classic = ReferenceCodecs.All(r.GetValue(avifSpeed), Note,
                names: r.GetValue(anchors)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            foreach (var c in classic) Note($"anchor {c.Name}: {c.Description}");
            Directory.CreateDirectory(outDir);
            var loaded = new List<EvalModel>();
            try
            {
                foreach (var (p, reference) in paths.Select(p => (p, false)).Concat(refPaths.Select(p => (p, true))))
                {
                    string name = Path.GetFileNameWithoutExtension(p);
                    if (loaded.Any(x => x.Name == name && x.Reference == reference)) name += $"#{loaded.Count + 1}";
                    loaded.Add(new EvalModel(name, CodecLoader.Load(p, r.GetValue(backend)!), reference));
                    // The family claims "non-generative": a texture model there would make the key BD-rate meaningless.
                    if (reference && loaded[^1].Codec.Model.Config.HasTexture)
                        throw new LgcException($"--reference-model '{p}' has a texture layer (arch {loaded[^1].Codec.Model.Config.Arch}); the reference must be a plain scale hyperprior (arch hyperprior-v1)");
                }
                var lgcModels = loaded.Where(x => !x.Reference).ToList();
                bool machine = set.HasMasks || set.HasAttributes;
                var rgb = lgcModels.FirstOrDefault(x => x.Codec.Model.RgbHeads != null);
                if (machine)
                {
                    foreach (var x in lgcModels.Where(x => x.Codec.Model.LatentHeads == null))
                        Note($"model '{x.Name}' has no analysis heads (C = 0): no machine-vision metrics from its latents");
                    if (rgb == null) Note("no model has RGB-input heads (rgb_heads = true): no machine-vision metrics from pixels (decoded, JPEG, WebP, original)");
                    else if (loaded.Count > 1) Note($"pixel inputs (decoded, classic codecs, original) are analysed by the RGB heads of '{rgb.Name}'");
                }
                RunManifest.Check(outDir, new RunManifest.Content(loaded.ToDictionary(RunManifest.Key, x => Formats.ModelId.ToHex(x.Codec.Model.ModelId)),
                    set.Width, set.Height, set.Size), r.GetValue(restart));
                var opt = new EvalOptions { Models = loaded, RgbAnalyzer = rgb?.Codec, Ladder = qualities, Matched = !r.GetValue(noMatched), Feature = fd, Classic = classic };
                var store = new ResultsStore(Path.Combine(outDir, "per_image.csv"), r.GetValue(restart));
                var features = new FeatureStore(Path.Combine(outDir, "features.tsv"), r.GetValue(restart));
                var runner = new EvalRunner(set, opt, store, fd == null ? null : features);
                Progress(runner, set.Items.Count);
                var summary = EvalSummary.Build(set, runner.Methods, store, features, fd, r.GetValue(target));
                string desc = $"{set.Items.Count} images from {r.GetValue(images)}" + (set.Size > 0 ? $" resized to {set.Size}x{set.Size}" : "");
                var files = EvalReport.Write(summary, outDir, desc);
                if (!r.GetValue(noPlots)) files.AddRange(EvalPlots.Draw(summary, outDir));
                Print(summary, runner, files.Count, outDir);
                // One line per bad file; the others were evaluated and the exit code says some were not.
                foreach (var f in set.Unreadable.Concat(runner.Failures)) Console.Error.WriteLine($"lgc: error: {f.ReplaceLineEndings(" ")}");
                foreach (var w in summary.Warnings) Console.Error.WriteLine($"lgc: WARNING: {w}");
                return runner.Failures.Count == 0 && set.Unreadable.Count == 0 ? 0 : 1;
            }
            finally { foreach (var x in loaded) x.Codec.Dispose(); }
        });
        return cmd;
    }

    static int[] ParseLadder(string s)
    {
        var q = new List<int>();
        foreach (var t in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v is < 1 or > 100)
                throw new LgcException($"--ladder: '{t}' is not a quality in 1..100");
            if (!q.Contains(v)) q.Add(v);
        }
        return q.ToArray();
    }

    static void Progress(EvalRunner runner, int n)
    {
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"eval {n} images x {runner.Methods.Count} methods", maxValue: n);
                runner.Run(_ => task.Increment(1));
            });
    }

    static void Print(EvalSummary s, EvalRunner runner, int files, string outDir)
    {
        static string F(double v, string f) => double.IsFinite(v) ? v.ToString(f, CultureInfo.InvariantCulture) : "-";
        Console.WriteLine($"{"method",-30} {"n",5} {"bytes",9} {"bpp",8} {"PSNR",7} {"MS-SSIM",8} {"mIoU",6} {"attr",6} {"bal",6} {"ms",8}");
        foreach (var m in s.Methods)
            Console.WriteLine($"{m.Method.Name,-30} {m.Images,5} {F(m.Bytes, "F1"),9} {F(m.Bpp, "F4"),8} {F(m.Psnr, "F2"),7} {F(m.MsSsim, "F4"),8} " +
                              $"{F(m.MIou, "F3"),6} {F(m.AttrAccuracy, "F3"),6} {F(m.AttrBalanced, "F3"),6} {F(m.Ms, "F1"),8}");
        foreach (var b in s.BdRates)
            Console.WriteLine($"BD-rate {b.Test} vs {b.Anchor} ({b.Metric}): {(b.Percent is double p ? p.ToString("F2", CultureInfo.InvariantCulture) + " %" : "n/a: " + b.Reason)}");
        foreach (var b in s.Bits)
        {
            string Need(string c) => b.Curves.FirstOrDefault(x => x.Curve == c) is { } r
                ? r.Bytes is double by ? $"{(r.AtMost ? "<=" : "")}{by:F0} B ({r.Bpp:F4} bpp)" : "not reached" : "-";
            Console.WriteLine($"{b.Task} >= {b.Target:F3} ({b.TargetFraction:P0} of original {b.Original:F3}): latents {Need("lgc-latents")}" +
                              string.Concat(s.ClassicCodecs.Select(c => $", {c.Name} {Need(c.Name)}")) +
                              (b.Curves.Any(x => x.Curve == EvalMethod.Reference) ? $", hyperprior {Need(EvalMethod.Reference)}" : "") +
                              (b.SavingVsJpeg is double sj ? $"; latents save {sj:P1} vs the JPEG curve" : "") + (b.SavingVsRgb is double sr ? $", {sr:P2} vs raw RGB" : ""));
            if (b.Note != null) Console.WriteLine($"  note: {b.Note}");
        }
        foreach (var t in s.Timings)
            Console.WriteLine($"timing {t.Model}: analysis from bitstream {F(t.LatentsMs, "F1")} ms (median {F(t.LatentsMedianMs, "F1")}), " +
                              $"decode + RGB analysis {F(t.DecodeAndRgbMs, "F1")} ms (median {F(t.DecodeAndRgbMedianMs, "F1")}) per image, over {t.Images} images");
        Console.WriteLine($"eval: {s.Images} images, {runner.RowsWritten} new rows, {runner.ImagesSkipped} images already done, {runner.Failures.Count} failed; {files} files in {outDir}");
    }
}
