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
        var cmd = new Command("analyze", "face parsing and attributes from .lgc base layers (or from images)")
            { inputs, output, mask, attrs, overlay, model, backend };
        cmd.SetAction(r =>
        {
            var plan = Inputs.Plan(r.GetValue(inputs)!, r.GetValue(output), [".lgc", ".png", ".jpg", ".jpeg", ".bmp", ".webp"], ".json");
            var codecs = new Dictionary<string, LgcCodec>();
            LgcCodec Codec(string path) => codecs.TryGetValue(path, out var c) ? c : codecs[path] = CodecLoader.Load(path, r.GetValue(backend)!);
            bool single = plan.Count == 1 && r.GetValue(output) == null;
            try
            {
                return Batch.Run(plan, "analyze", (i, o) =>
                {
                    FaceAnalysis a;
                    if (Path.GetExtension(i).Equals(".lgc", StringComparison.OrdinalIgnoreCase))
                    {
                        byte[] bytes = File.ReadAllBytes(i);
                        a = FaceAnalyzer.FromLgc(Codec(ModelLocator.ForDecode(r.GetValue(model), LgcCodec.InspectHeader(bytes).ModelId)), bytes);
                    }
                    else a = FaceAnalyzer.FromImage(Codec(ModelLocator.ForCompress(r.GetValue(model), ModelLocator.DefaultRate)), ImageIo.Load(i));

                    string stem = Path.Combine(Path.GetDirectoryName(o)!, Path.GetFileNameWithoutExtension(o));
                    string maskPath = single ? r.GetValue(mask) ?? stem + "_mask.png" : stem + "_mask.png";
                    string jsonPath = single ? r.GetValue(attrs) ?? stem + ".json" : o;
                    ImageIo.SaveGrayPng(a.Mask, a.Width, a.Height, maskPath);
                    Formats.AtomicFile.WriteAllBytes(jsonPath, System.Text.Encoding.UTF8.GetBytes(FaceAnalyzer.AttributesJson(a)));
                    string? ov = single ? r.GetValue(overlay) : null;
                    if (ov != null) ImageIo.SavePng(FaceAnalyzer.Colorize(a), ov);
                    var top = Enumerable.Range(0, a.AttributeProbabilities.Length).Where(a.Label).Select(k => FaceLabels.Attributes[k]);
                    return $"{i} (from {a.Source}): mask {maskPath}, attributes {jsonPath}: {string.Join(", ", top)}";
                });
            }
            finally { foreach (var c in codecs.Values) c.Dispose(); }
        });
        return cmd;
    }
}
