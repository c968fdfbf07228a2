using System.Numerics;
using Lgc.Imaging;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// PSNR and MS-SSIM on 8-bit RGB, defined exactly as tools/lgc/metrics.py (so engine and tools report the same
/// numbers): pixels / 255 in float64, PSNR from the MSE over all samples, MS-SSIM of Wang et al. (5 scales,
/// 11x11 Gaussian σ = 1.5, valid filtering, 2x2 average pooling that drops an odd last row/column), per channel,
/// then the mean over channels.
/// </summary>
internal static class ImageMetrics
{
    public static readonly double[] MsSsimWeights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>Smallest side for 5 scales: the 11-tap window must fit the fourth halving (floor(side / 16) ≥ 11).</summary>
    public const int MsSsimMinSide = 176;

    public static double Psnr(RgbImage a, RgbImage b)
    {
        SameSize(a, b);
        double se = 0;
        var pa = a.Pixels; var pb = b.Pixels;
        for (int i = 0; i < pa.Length; i++) { double d = pa[i] - pb[i]; se += d * d; }
        double mse = se / pa.Length / (255.0 * 255.0);
        return 10 * Math.Log10(1.0 / Math.Max(mse, 1e-12)); // the tools' floor: identical images give 120 dB
    }

    /// <summary>MS-SSIM in [0, 1]; NaN when the image is smaller than <see cref="MsSsimMinSide"/> on a side.</summary>
    public static double MsSsim(RgbImage a, RgbImage b)
    {
        SameSize(a, b);
        if (Math.Min(a.Width, a.Height) < MsSsimMinSide) return double.NaN;
        var win = Window(11, 1.5);
        var perChannel = new double[3];
        Parallel.For(0, 3, c =>
        {
            var x = Channel(a, c); var y = Channel(b, c);
            int w = a.Width, h = a.Height;
            double prod = 1;
            for (int s = 0; s < MsSsimWeights.Length; s++)
            {
                var (ssim, cs) = SsimCs(x, y, w, h, win);
                double v = Math.Max(0, s == MsSsimWeights.Length - 1 ? ssim : cs); // relu as in the tools
                prod *= Math.Pow(v, MsSsimWeights[s]);
                if (s < MsSsimWeights.Length - 1) { x = Pool(x, w, h); y = Pool(y, w, h); w /= 2; h /= 2; }
            }
            perChannel[c] = prod;
        });
        return (perChannel[0] + perChannel[1] + perChannel[2]) / 3;
    }

    static void SameSize(RgbImage a, RgbImage b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"images differ in size: {a.Width}x{a.Height} vs {b.Width}x{b.Height}");
    }

    static double[] Window(int size, double sigma)
    {
        var g = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) { double d = i - size / 2; g[i] = Math.Exp(-d * d / (2 * sigma * sigma)); sum += g[i]; }
        for (int i = 0; i < size; i++) g[i] /= sum;
        return g;
    }

    static double[] Channel(RgbImage img, int c)
    {
        var r = new double[img.Width * img.Height];
        for (int i = 0; i < r.Length; i++) r[i] = (float)(img.Pixels[3 * i + c] / 255f); // float32 like the tools' input
        return r;
    }

    /// <summary>2x2 average pooling, floor of odd sizes (F.avg_pool2d).</summary>
    static double[] Pool(double[] x, int w, int h)
    {
        int ow = w / 2, oh = h / 2;
        var r = new double[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int xx = 0; xx < ow; xx++)
                r[y * ow + xx] = (x[2 * y * w + 2 * xx] + x[2 * y * w + 2 * xx + 1] + x[(2 * y + 1) * w + 2 * xx] + x[(2 * y + 1) * w + 2 * xx + 1]) / 4;
        return r;
    }

    static (double Ssim, double Cs) SsimCs(double[] x, double[] y, int w, int h, double[] win)
    {
        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        int k = win.Length, ow = w - k + 1, oh = h - k + 1;
        var xy = new double[x.Length]; var xx = new double[x.Length]; var yy = new double[x.Length];
        for (int i = 0; i < x.Length; i++) { xy[i] = x[i] * y[i]; xx[i] = x[i] * x[i]; yy[i] = y[i] * y[i]; }
        var mx = Blur(x, w, h, win); var my = Blur(y, w, h, win);
        var bxx = Blur(xx, w, h, win); var byy = Blur(yy, w, h, win); var bxy = Blur(xy, w, h, win);
        double ssimSum = 0, csSum = 0;
        for (int i = 0; i < ow * oh; i++)
        {
            double sxx = bxx[i] - mx[i] * mx[i], syy = byy[i] - my[i] * my[i], sxy = bxy[i] - mx[i] * my[i];
            double cs = (2 * sxy + c2) / (sxx + syy + c2);
            csSum += cs;
            ssimSum += (2 * mx[i] * my[i] + c1) / (mx[i] * mx[i] + my[i] * my[i] + c1) * cs;
        }
        return (ssimSum / (ow * oh), csSum / (ow * oh));
    }

    /// <summary>Separable valid filtering: horizontal then vertical, as the tools' two conv2d calls (row-wise AXPYs, vectorized).</summary>
    static double[] Blur(double[] x, int w, int h, double[] win)
    {
        int k = win.Length, ow = w - k + 1, oh = h - k + 1;
        var t = new double[ow * h];
        for (int y = 0; y < h; y++)
            for (int j = 0; j < k; j++) Axpy(win[j], x.AsSpan(y * w + j, ow), t.AsSpan(y * ow, ow));
        var r = new double[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int j = 0; j < k; j++) Axpy(win[j], t.AsSpan((y + j) * ow, ow), r.AsSpan(y * ow, ow));
        return r;
    }

    static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0, n = Vector<double>.Count;
        var va = new Vector<double>(a);
        for (; i <= x.Length - n; i += n) (new Vector<double>(y[i..]) + va * new Vector<double>(x[i..])).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] += a * x[i];
    }
}
