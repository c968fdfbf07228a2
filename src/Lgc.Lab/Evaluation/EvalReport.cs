using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lgc.Formats;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// Writes the summary files: one CompressAI-style results file per curve (results-&lt;family&gt;.json, and one per
/// model), and summary.json with every method's means, the machine metrics, BD-rates, bits-to-accuracy, timing
/// and image counts. Non-finite numbers are written as null.
/// </summary>
internal static class EvalReport
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static List<string> Write(EvalSummary s, string outDir, string description)
    {
        var written = new List<string>();
        void Save(string name, JsonNode node)
        {
            string path = Path.Combine(outDir, name);
            AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(node.ToJsonString(Indented) + "\n"));
            written.Add(path);
        }
        foreach (var family in s.Methods.Select(m => m.Method.Family).Distinct())
        {
            var pts = s.Methods.Where(m => m.Method.Family == family).OrderBy(m => double.IsFinite(m.Bpp) ? m.Bpp : double.MaxValue).ToList();
            Save($"results-{family}.json", CompressAi(family, Describe(family, description, pts[0].Method.Codec), pts));
            if (family is "lgc" or EvalMethod.Reference)
                foreach (var m in pts) Save($"results-{Safe(m.Method.Name)}.json", CompressAi(m.Method.Name, Describe(family, description, null), [m]));
        }
        Save("summary.json", Summary(s, description));
        return written;
    }

    static string Describe(string family, string description, ClassicCodec? codec) => family switch
    {
        _ when codec != null && family == EvalMethod.Matched(codec) => $"{codec.Description} at the largest quality whose file is at most the .lgc file's bytes (bisection), per image; means over images that can reach it",
        _ when codec != null => $"{codec.Description} at fixed qualities, down to its lowest rate",
        "lgc" => "LGC decoded pixels; rate = whole .lgc file (header + all layers)",
        EvalMethod.Reference => "scale hyperprior (non-generative reference, no texture layer) decoded pixels; rate = whole .lgc file",
        "lgc-latents" => "analysis from the entropy-decoded base layer; rate = header + base layer (z, y)",
        "original" => "original pixels, raw 24 bpp",
        _ => family,
    } + (description.Length > 0 ? "; " + description : "");

    /// <summary>CompressAI's results schema: {"name", "description", "results": {"bpp": [...], "psnr-rgb": [...], ...}}.</summary>
    static JsonObject CompressAi(string name, string description, List<MethodSummary> pts)
    {
        JsonArray A(Func<MethodSummary, double> f) => new(pts.Select(p => (JsonNode?)N(f(p))).ToArray());
        var results = new JsonObject
        {
            ["bpp"] = A(p => p.Bpp), ["psnr-rgb"] = A(p => p.Psnr), ["ms-ssim-rgb"] = A(p => p.MsSsim),
            ["bytes"] = A(p => p.Bytes), ["miou"] = A(p => p.MIou), ["attr-acc"] = A(p => p.AttrAccuracy),
            ["attr-balanced-acc"] = A(p => p.AttrBalanced), ["images"] = A(p => p.Images),
        };
        if (pts.Any(p => p.FdImages > 0)) results["fd"] = A(p => p.Fd);
        return new JsonObject
        {
            ["name"] = name, ["description"] = description,
            ["methods"] = new JsonArray(pts.Select(p => (JsonNode?)p.Method.Name).ToArray()), ["results"] = results,
        };
    }

    static JsonObject Summary(EvalSummary s, string description)
    {
        var methods = new JsonObject();
        foreach (var m in s.Methods)
        {
            var o = new JsonObject
            {
                ["family"] = m.Method.Family, ["quality"] = m.Method.Quality == 0 ? null : m.Method.Quality,
                ["images"] = m.Images, ["images_requested"] = m.Requested, ["cannot_reach"] = m.CannotReach,
                ["bytes"] = N(m.Bytes), ["header_bytes"] = N(m.HeaderBytes), ["payload_bytes"] = N(m.PayloadBytes),
                ["bpp"] = N(m.Bpp), ["psnr-rgb"] = N(m.Psnr), ["ms-ssim-rgb"] = N(m.MsSsim), ["ms"] = N(m.Ms), ["ms_median"] = N(m.MsMedian),
                ["mean_quality"] = N(m.MeanQuality),
            };
            if (m.FdImages > 0) { o["fd"] = N(m.Fd); o["fd_images"] = m.FdImages; }
            if (m.Parsing is { } p)
                o["parsing"] = new JsonObject
                {
                    ["images"] = m.ParsingImages, ["miou"] = N(p.MeanIou()), ["miou_no_background"] = N(p.MeanIou(false)),
                    ["pixel_accuracy"] = N(p.PixelAccuracy),
                    ["iou"] = new JsonObject(Enumerable.Range(0, ParsingStats.Classes).Select(c => KeyValuePair.Create(FaceLabels.ParseClasses[c], (JsonNode?)N(p.Iou(c))))),
                };
            if (m.Attributes is { } a)
                o["attributes"] = new JsonObject
                {
                    ["images"] = m.AttributeImages, ["mean_accuracy"] = N(a.MeanAccuracy), ["balanced_accuracy"] = N(a.BalancedAccuracy),
                    ["known_labels"] = a.Known,
                };
            methods[m.Method.Name] = o;
        }
        return new JsonObject
        {
            ["name"] = "lgc eval", ["description"] = description,
            ["images"] = s.Images, ["images_requested"] = s.Requested, ["width"] = s.Width, ["height"] = s.Height,
            ["warnings"] = new JsonArray(s.Warnings.Select(w => (JsonNode?)w).ToArray()),
            ["methods"] = methods,
            // What each classic curve is (encoder, settings, quality scale), so a BD-rate names its anchor exactly.
            ["anchors"] = new JsonObject(s.ClassicCodecs.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)new JsonObject
            {
                ["description"] = c.Description, ["min_quality"] = c.MinQuality, ["max_quality"] = c.MaxQuality,
            }))),
            ["bd_rate"] = new JsonArray(s.BdRates.Select(b => (JsonNode?)new JsonObject
            {
                ["test"] = b.Test, ["anchor"] = b.Anchor, ["quality"] = b.Metric, ["percent"] = b.Percent is double d ? N(d) : null, ["reason"] = b.Reason,
            }).ToArray()),
            ["bits_to_accuracy"] = new JsonArray(s.Bits.Select(b => (JsonNode?)new JsonObject
            {
                ["task"] = b.Task, ["target_fraction_of_original"] = b.TargetFraction, ["original"] = N(b.Original), ["target"] = N(b.Target),
                ["curves"] = new JsonArray(b.Curves.Select(c => (JsonNode?)new JsonObject
                {
                    ["curve"] = c.Curve, ["bytes"] = c.Bytes is double x ? N(x) : null, ["bpp"] = c.Bpp is double y ? N(y) : null,
                    ["at_most"] = c.AtMost, ["reached"] = c.Bytes != null,
                }).ToArray()),
                ["latents_saving_vs_raw_rgb"] = b.SavingVsRgb is double r ? N(r) : null,
                ["latents_saving_vs_jpeg"] = b.SavingVsJpeg is double j ? N(j) : null,
                ["note"] = b.Note,
            }).ToArray()),
            ["timing_ms"] = new JsonArray(s.Timings.Select(t => (JsonNode?)new JsonObject
            {
                ["model"] = t.Model, ["analysis_from_bitstream"] = N(t.LatentsMs), ["decode_then_rgb_analysis"] = N(t.DecodeAndRgbMs),
                ["analysis_from_bitstream_median"] = N(t.LatentsMedianMs), ["decode_then_rgb_analysis_median"] = N(t.DecodeAndRgbMedianMs),
                ["speedup"] = N(t.DecodeAndRgbMs / t.LatentsMs), ["speedup_median"] = N(t.DecodeAndRgbMedianMs / t.LatentsMedianMs), ["images"] = t.Images,
            }).ToArray()),
        };
    }

    static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;

    public static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
