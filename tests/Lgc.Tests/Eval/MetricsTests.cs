using System.Globalization;
using Lgc.Lab.Evaluation;
using Lgc.Imaging;

namespace Lgc.Tests.Eval;

/// <summary>PSNR and MS-SSIM against known values and against tools/lgc/metrics.py (tests/fixtures/eval_metrics.tsv).</summary>
public class MetricsTests
{
    static RgbImage Flat(int w, int h, byte v) { var i = new RgbImage(w, h); Array.Fill(i.Pixels, v); return i; }

    /// <summary>The integer pattern of tools/make_eval_fixture.py.</summary>
    internal static RgbImage Pattern(int w, int h)
    {
        var img = new RgbImage(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    img.Pixels[(y * w + x) * 3 + c] = (byte)((x * 3 + y * 5 + c * 40 + (x * y % 23) * 4) % 256);
        return img;
    }

    internal static RgbImage Perturb(RgbImage a)
    {
        var b = new RgbImage(a.Width, a.Height);
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * a.Width + x) * 3 + c;
                    b.Pixels[i] = (byte)Math.Clamp(a.Pixels[i] + (x * 7 + y * 11 + c * 13) % 41 - 20, 0, 255);
                }
        return b;
    }

    [Fact]
    public void PsnrOfAKnownMse()
    {
        // Every sample off by 10: MSE = 100 in 8-bit units.
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 100), ImageMetrics.Psnr(Flat(8, 5, 100), Flat(8, 5, 110)), 10);
        Assert.Equal(120, ImageMetrics.Psnr(Flat(4, 4, 7), Flat(4, 4, 7)), 6); // the tools' 1e-12 MSE floor
    }

    [Fact]
    public void MsSsimOfIdenticalImagesIsOneAndSmallImagesHaveNone()
    {
        var a = Pattern(192, 176);
        Assert.Equal(1.0, ImageMetrics.MsSsim(a, a), 12);
        Assert.True(double.IsNaN(ImageMetrics.MsSsim(Pattern(175, 200), Pattern(175, 200))));
        Assert.True(ImageMetrics.MsSsim(a, Perturb(a)) < 0.999);
    }

    [Theory]
    [InlineData("pattern200x180")]
    [InlineData("kodim23_crop")]
    public void MatchesTheToolsOnAFixturePair(string pair)
    {
        var row = File.ReadAllLines(Path.Combine(Fixtures.Dir, "eval_metrics.tsv")).Select(l => l.Split('\t')).Single(c => c[0] == pair);
        var a = pair == "kodim23_crop" ? ImageIo.Load(Fixtures.KodakCrop) : Pattern(200, 180);
        var b = Perturb(a);
        Assert.Equal(double.Parse(row[1], CultureInfo.InvariantCulture), ImageMetrics.Psnr(a, b), 3);
        Assert.InRange(ImageMetrics.MsSsim(a, b) - double.Parse(row[2], CultureInfo.InvariantCulture), -1e-6, 1e-6); // the brief asks 1e-3; the two agree to 1e-9
    }
}
