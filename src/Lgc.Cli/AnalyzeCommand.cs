using System.CommandLine;
using Lgc.Imaging;

namespace Lgc.Cli;

static class AnalyzeCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs(".lgc files (analysis from the base layer, no pixels decoded) or images (RGB-input heads), or folders");
        var output = new Option<string?>("--output", "-o") { Description = "folder for <name>_mask.png and <name>.json (folders or several inputs)" };
        var mask = new Option<string?>("--mask") { Description = "one input: parsing mask PNG (raw class indices 0-18)" };
        var attrs = new Option<string?>("--attributes") { Description = "one input: JSON of the 40 attribute probabilities and labels" };
        var overlay = new Option<string?>("--overlay") { Description = "one input: colour-coded parsing mask PNG" };
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var allowTruncated = CommonOptions.AllowTruncated();
        var batch = new BatchFlags();
        var cmd = new Command("analyze", "face parsing and attributes from .lgc base layers (or from images)")
            { inputs, output, mask, attrs, overlay, model, backend, allowTruncated };
        batch.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var options = batch.Read(r);
            var plan = Inputs.Plan(r.GetValue(inputs)!, r.GetValue(output), [".lgc", ".png", ".jpg", ".jpeg", ".bmp", ".webp"], ".json",
                options.FollowSymlinks);
            using var codecs = new CodecCache(r.GetValue(backend)!);
            bool single = plan.Count == 1 && r.GetValue(output) == null;
            return Batch.Run(plan, "analyze", options, f =>
            {
                string stem = Path.Combine(Path.GetDirectoryName(f.Output)!, Path.GetFileNameWithoutExtension(f.Output));
                string maskPath = single ? r.GetValue(mask) ?? stem + "_mask.png" : stem + "_mask.png";
                string jsonPath = single ? r.GetValue(attrs) ?? stem + ".json" : f.Output;
                string? ov = single ? r.GetValue(overlay) : null;
                f.Claim(ov is null ? new[] { maskPath, jsonPath } : new[] { maskPath, jsonPath, ov });

                FaceAnalysis a;
                if (Path.GetExtension(f.Input).Equals(".lgc", StringComparison.OrdinalIgnoreCase))
                {
                    byte[] bytes = File.ReadAllBytes(f.Input);
                    a = FaceAnalyzer.FromLgc(codecs.Get(ModelLocator.ForDecode(r.GetValue(model), LgcCodec.InspectHeader(bytes).ModelId), f.Cancelled), bytes);
                }
                else
                {
                    var img = ImageInput.Load(f, r.GetValue(allowTruncated));
                    a = FaceAnalyzer.FromImage(codecs.Get(ModelLocator.ForCompress(r.GetValue(model), ModelLocator.DefaultRate), f.Cancelled), img);
                }

                f.BeforeWrite();
                ImageIo.SaveGrayPng(a.Mask, a.Width, a.Height, maskPath, f.Overwrite);
                Formats.AtomicFile.WriteAllBytes(jsonPath, System.Text.Encoding.UTF8.GetBytes(FaceAnalyzer.AttributesJson(a)), f.Overwrite);
                if (ov != null) ImageIo.SavePng(FaceAnalyzer.Colorize(a), ov, f.Overwrite);
                var top = Enumerable.Range(0, a.AttributeProbabilities.Length).Where(a.Label).Select(k => FaceLabels.Attributes[k]);
                return $"{f.Input} (from {a.Source}): mask {maskPath}, attributes {jsonPath}: {string.Join(", ", top)}";
            }, codecs.Retire);
        });
        return cmd;
    }
}
