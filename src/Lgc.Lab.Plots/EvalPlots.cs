using Lgc.Lab.Evaluation;
using ScottPlot;

namespace Lgc.Lab.Plots;

/// <summary>The eval plots (ScottPlot): every method family on each plot, rate on a log axis.</summary>
internal static class EvalPlots
{
    static readonly Dictionary<string, string> Fixed = new()
    {
        ["lgc"] = "LGC decoded pixels", ["lgc-latents"] = "LGC latents (base layer)",
        [EvalMethod.Reference] = "Scale hyperprior (non-generative reference)",
    };

    /// <summary>Every family with its legend: the LGC ones, then each classic codec's ladder and matched points.</summary>
    static List<(string Family, string Legend)> Families(EvalSummary s) =>
        Fixed.Select(kv => (kv.Key, kv.Value))
            .Concat(s.ClassicCodecs.SelectMany(c => new[] { (c.Name, c.Description), (EvalMethod.Matched(c), c.Description + " at LGC bytes") }))
            .ToList();

    public static List<string> Draw(EvalSummary s, string outDir)
    {
        var files = new List<string>();
        void One(string file, string title, string y, Func<MethodSummary, double> f, bool pixelsOnly)
        {
            var plt = new Plot();
            bool any = false;
            var families = Families(s);
            foreach (var (family, legend) in families)
            {
                if (pixelsOnly && family == "lgc-latents") continue;
                var pts = s.Curve(family).Where(m => double.IsFinite(f(m))).ToList();
                if (pts.Count == 0) continue;
                var sc = plt.Add.Scatter(pts.Select(m => Math.Log10(m.Bpp)).ToArray(), pts.Select(f).ToArray());
                sc.LegendText = legend;
                sc.Color = new ScottPlot.Palettes.Category20().GetColor(families.FindIndex(f => f.Family == family)); // same colour on every plot
                sc.MarkerSize = 7;
                if (family.EndsWith("-matched")) sc.LineWidth = 0; // one point per model, not a curve
                any = true;
            }
            if (!any) return;
            // The original's score is a reference level, not a rate point worth a log axis out to 24 bpp.
            if (!pixelsOnly && s.Methods.FirstOrDefault(m => m.Method.Family == "original") is { } o && double.IsFinite(f(o)))
            {
                var line = plt.Add.HorizontalLine(f(o));
                line.LegendText = "original pixels (24 bpp)";
                line.LinePattern = LinePattern.Dashed;
                line.Color = Colors.Gray;
            }
            // Log axis by hand (x = log10 bpp): 1-2-5 ticks, as a narrow range may hold no power of ten.
            var xs = families.Select(f => f.Family).SelectMany(s.Curve).Select(m => m.Bpp).Where(v => v > 0).ToArray();
            var ticks = new List<double>();
            for (int k = (int)Math.Floor(Math.Log10(xs.Min())) - 1; k <= (int)Math.Ceiling(Math.Log10(xs.Max())); k++)
                foreach (double m in new[] { 1.0, 2, 5 })
                    if (m * Math.Pow(10, k) is var v && v >= xs.Min() / 1.3 && v <= xs.Max() * 1.3) ticks.Add(v);
            plt.Axes.Bottom.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            plt.Title($"{title} ({s.Images} images, {s.Width}x{s.Height})");
            plt.XLabel("bits per pixel (log)");
            plt.YLabel(y);
            plt.ShowLegend(Edge.Right); // beside the axes: inside, 13 entries hid the curves where they cross
            string path = Path.Combine(outDir, file);
            byte[] png = plt.GetImageBytes(1400, 600, ImageFormat.Png);
            Formats.AtomicFile.WriteAllBytes(path, png);
            files.Add(path);
        }
        One("rate_psnr.png", "rate-PSNR", "PSNR RGB (dB)", m => m.Psnr, pixelsOnly: true);
        One("rate_msssim.png", "rate-MS-SSIM", "MS-SSIM RGB", m => m.MsSsim, pixelsOnly: true);
        One("miou_bpp.png", "face parsing", "mIoU (19 classes)", m => m.MIou, pixelsOnly: false);
        One("attr_bpp.png", "attributes", "mean accuracy (40 attributes)", m => m.AttrAccuracy, pixelsOnly: false);
        return files;
    }
}
