using Lgc.Evaluation;
using ScottPlot;

namespace Lgc.Cli;

/// <summary>The eval plots (ScottPlot): every method family on each plot, rate on a log axis.</summary>
static class EvalPlots
{
    static readonly string[] Families = ["lgc", "lgc-latents", "jpeg", "webp", "jpeg-matched", "webp-matched", "original"];

    public static List<string> Draw(EvalSummary s, string outDir)
    {
        var files = new List<string>();
        void One(string file, string title, string y, Func<MethodSummary, double> f, bool pixelsOnly)
        {
            var plt = new Plot();
            bool any = false;
            foreach (var family in Families)
            {
                if (pixelsOnly && family is "lgc-latents" or "original") continue;
                var pts = s.Curve(family).Where(m => double.IsFinite(f(m))).ToList();
                if (pts.Count == 0) continue;
                var sc = plt.Add.Scatter(pts.Select(m => Math.Log10(m.Bpp)).ToArray(), pts.Select(f).ToArray());
                sc.LegendText = family;
                sc.MarkerSize = 7;
                if (family.EndsWith("-matched")) sc.LineWidth = 0; // one point per model, not a curve
                any = true;
            }
            if (!any) return;
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = x => Math.Pow(10, x).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
            plt.Axes.Bottom.TickGenerator = ticks;
            plt.Title($"{title} ({s.Requested} images, {s.Width}x{s.Height})");
            plt.XLabel("bits per pixel (log)");
            plt.YLabel(y);
            plt.ShowLegend();
            string path = Path.Combine(outDir, file);
            byte[] png = plt.GetImageBytes(900, 600, ImageFormat.Png);
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
