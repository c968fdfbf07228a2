using System.CommandLine;
using Lgc.Imaging;

namespace Lgc.Cli;

static class AnalyzeCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs(".lgc files (analysis from the base layer, no pixels decoded) or images (RGB-input heads), or folders; - reads one from stdin");
        var output = new Option<string?>("--output", "-o") { Description = "folder for <name>_mask.png and <name>.json (folders or several inputs); - for the attributes on stdout (one input)" };
        var mask = new Option<string?>("--mask") { Description = "one input: parsing mask PNG (raw class indices 0-18); default <name>_mask.png, none for stdin or -o -" };
        var attrs = new Option<string?>("--attributes") { Description = "one input: JSON of the 40 attribute probabilities and labels; - for stdout (the default for stdin)" };
        var overlay = new Option<string?>("--overlay") { Description = "one input: colour-coded parsing mask PNG" };
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var allowTruncated = CommonOptions.AllowTruncated();
        var batch = new BatchFlags();
        var shards = new Shards.ShardFlags();
        var cmd = new Command("analyze", "face parsing and attributes from .lgc base layers (or from images)")
            { inputs, output, mask, attrs, overlay, model, backend, allowTruncated };
        batch.AddTo(cmd);
        shards.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var (plan, options) = shards.Plan(r, r.GetValue(inputs)!, r.GetValue(output), [".lgc", ".png", ".jpg", ".jpeg", ".bmp", ".webp"], ".json", batch.Read(r));
            using var shard = options.Shard;
            bool single = plan.Count == 1 && (r.GetValue(output) is null || Stdio.Is(r.GetValue(output)));
            if (Stdio.Is(r.GetValue(mask)) || Stdio.Is(r.GetValue(overlay)))
                throw new LgcException("only the attributes can go to stdout (--attributes -); give --mask and --overlay file names");
            // One input's files; stdout (`-`) carries at most the attributes, and then no mask is written unless named.
            string? MaskOf(string outJson) => single && r.GetValue(mask) is string m ? m
                : Stdio.Is(outJson) ? null : Path.Combine(Path.GetDirectoryName(outJson)!, Path.GetFileNameWithoutExtension(outJson)) + "_mask.png";
            string JsonOf(string outJson) => single ? r.GetValue(attrs) ?? outJson : outJson;
            options = options with { StdoutIsData = plan.Any(p => Stdio.Is(JsonOf(p.Output))) };
            using var codecs = new CodecCache(r.GetValue(backend)!);
            return Batch.Run(plan, "analyze", options, f =>
            {
                string? maskPath = MaskOf(f.Output);
                string jsonPath = JsonOf(f.Output);
                string? ov = single ? r.GetValue(overlay) : null;
                f.Claim(new[] { maskPath, jsonPath, ov }.OfType<string>().ToArray());

                FaceAnalysis a;
                byte[]? lgc = null;
                bool isLgc = f.FromStdin ? Stdio.Sniff(Stdio.ReadInput()) switch
                {
                    Content.Lgc => true,
                    Content.Image => false,
                    _ => throw new LgcException($"stdin is neither an image nor an .lgc file ({Stdio.ReadInput().Length} bytes)"),
                } : Path.GetExtension(f.Input).Equals(".lgc", StringComparison.OrdinalIgnoreCase);
                string modelPath;
                if (isLgc)
                {
                    lgc = f.ReadInput();
                    modelPath = ModelLocator.ForDecode(r.GetValue(model), LgcCodec.InspectHeader(lgc).ModelId);
                    a = FaceAnalyzer.FromLgc(codecs.Get(modelPath, f.Cancelled), lgc);
                }
                else
                {
                    var img = ImageInput.Load(f, r.GetValue(allowTruncated));
                    modelPath = ModelLocator.ForCompress(r.GetValue(model), ModelLocator.DefaultRate);
                    a = FaceAnalyzer.FromImage(codecs.Get(modelPath, f.Cancelled), img);
                }

                f.BeforeWrite();
                if (maskPath != null) f.Write(maskPath, ImageIo.EncodeGrayPng(a.Mask, a.Width, a.Height)); // before the JSON: a shard's file is done when its JSON is there
                if (ov != null) ImageIo.SavePng(FaceAnalyzer.Colorize(a), ov, f.Overwrite);
                f.Write(jsonPath, AttributesDocument.Of(a).ToUtf8());
                var top = Enumerable.Range(0, a.AttributeProbabilities.Length).Where(a.Label).Select(k => FaceLabels.Attributes[k]).ToArray();
                string files = (maskPath is null ? "" : $"mask {maskPath}, ") + $"attributes {Stdio.DisplayOut(jsonPath)}";
                return new FileReport($"{Stdio.Display(f.Input)} (from {a.Source}): {files}: {string.Join(", ", top)}")
                {
                    Output = jsonPath, Source = a.Source, Mask = maskPath, Attributes = jsonPath, Overlay = ov, Labels = top,
                    ModelId = Formats.ModelId.ToHex(codecs.Get(modelPath, f.Cancelled).Model.ModelId), Width = a.Width, Height = a.Height,
                    Bytes = lgc?.Length,
                };
            }, codecs.Retire);
        });
        return cmd;
    }
}
