using Lgc.Imaging;

namespace Lgc.Kernels.Check;

/// <summary>
/// Part (b): every image encoded by the SIMD CPU codec and by the device codec (identical symbols —
/// z_hat, y_sym, scale indices, style — and .lgc bytes expected), the CPU's file decoded by both (identical latents expected; PSNR between the two
/// reconstructions reported). A failing image is reported and the next one runs.
/// </summary>
internal static class EndToEnd
{
    public static bool Run(LgcCodec cpu, LgcCodec dev, List<(string Name, RgbImage Image)> images, List<string> summary)
    {
        int sameFiles = 0, sameLatents = 0, sameSymbols = 0, failed = 0;
        double minPsnr = double.PositiveInfinity;
        foreach (var (name, img) in images)
        {
            try
            {
                var sa = cpu.EncodeSymbols(img);
                var sb = dev.EncodeSymbols(img);
                int symDiff = Differ(sa.ZHat, sb.ZHat) + Differ(sa.YSym, sb.YSym) + Differ(sa.ScaleIndex, sb.ScaleIndex) + Differ(sa.StyleHat ?? [], sb.StyleHat ?? []);
                sameSymbols += symDiff == 0 ? 1 : 0;
                var a = cpu.Compress(img).Bytes;
                var b = dev.Compress(img).Bytes;
                bool same = a.AsSpan().SequenceEqual(b);
                string symbols = same ? "" : $", {DifferingLatents(cpu, a, b)} of y_hat differ";
                var la = cpu.DecodeBase(a).Data;
                var lb = dev.DecodeBase(a).Data;
                bool sameLat = la.AsSpan().SequenceEqual(lb);
                var ra = cpu.Decompress(a);
                var rb = dev.Decompress(a);
                double psnr = Psnr(ra.Pixels, rb.Pixels), vsOrig = Psnr(img.Pixels, ra.Pixels);
                minPsnr = Math.Min(minPsnr, psnr);
                sameFiles += same ? 1 : 0;
                sameLatents += sameLat ? 1 : 0;
                Console.WriteLine($"  {name,-24} {img.Width}x{img.Height}  {a.Length} B  symbols {(symDiff == 0 ? "identical" : $"{symDiff} DIFFER")}  file {(same ? "identical" : $"DIFFERS ({b.Length} B{symbols})")}" +
                                  $"  latents {(sameLat ? "identical" : "DIFFER")}  PSNR cpu-vs-device {Fmt(psnr)} dB  (cpu vs original {vsOrig:f2} dB)");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"  {name}: ERROR {e.GetType().Name}: {e.Message}");
            }
        }
        int n = images.Count;
        summary.Add($"e2e ({dev.PathDescription}): {sameSymbols}/{n} symbol sets identical, {sameFiles}/{n} files identical, {sameLatents}/{n} decoded latents identical, min PSNR cpu-vs-device {Fmt(minPsnr)} dB{(failed > 0 ? $", {failed} errors" : "")}");
        return sameSymbols == n && sameFiles == n && sameLatents == n && failed == 0;
    }

    static int DifferingLatents(LgcCodec cpu, byte[] a, byte[] b)
    {
        try
        {
            var la = cpu.DecodeBase(a).Data;
            var lb = cpu.DecodeBase(b).Data;
            return la.Zip(lb).Count(t => t.First != t.Second);
        }
        catch (Exception) { return -1; }
    }

    static int Differ(int[] a, int[] b) => a.Length != b.Length ? Math.Max(a.Length, b.Length) : a.Zip(b).Count(t => t.First != t.Second);

    public static double Psnr(byte[] a, byte[] b)
    {
        double se = 0;
        for (int i = 0; i < a.Length; i++) se += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return se == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 * a.Length / se);
    }

    static string Fmt(double psnr) => double.IsPositiveInfinity(psnr) ? "inf" : $"{psnr:f2}";
}
