using Lgc.Lab.Evaluation;

namespace Lgc.Tests.Eval;

/// <summary>The reference family's BD-rate pairs in the summary, on curves whose answer is known.</summary>
public class ReferenceBdRateTests
{
    static MethodSummary Point(string family, string name, double bpp, double psnr, double msssim) =>
        new()
        {
            Method = new EvalMethod(name, family, Codec: family == ClassicCodec.Jpeg.Name ? ClassicCodec.Jpeg : family == ClassicCodec.WebP.Name ? ClassicCodec.WebP : null),
            Images = 1, Requested = 1, Bpp = bpp, Psnr = psnr, MsSsim = msssim,
        };

    static EvalSummary Summary(params MethodSummary[] m) => new()
    {
        Images = 1, Requested = 1, Width = 256, Height = 256, Methods = m, TargetFraction = 0.95, Timings = [], Warnings = [],
    };

    [Fact]
    public void LgcAtHalfTheReferenceRateIsMinusFiftyPercentAndTheReferenceIsComparedWithJpegAndWebP()
    {
        var s = Summary(
            Point("lgc", "lgc:a", 0.05, 30, 0.90), Point("lgc", "lgc:b", 0.10, 33, 0.95),
            Point("hyperprior", "hyperprior:a", 0.10, 30, 0.90), Point("hyperprior", "hyperprior:b", 0.20, 33, 0.95),
            Point("jpeg-imagesharp", "jpeg-imagesharp-q5", 0.40, 29, 0.88), Point("jpeg-imagesharp", "jpeg-imagesharp-q50", 0.80, 34, 0.96),
            Point("webp-imagesharp", "webp-imagesharp-q5", 0.30, 29, 0.88), Point("webp-imagesharp", "webp-imagesharp-q50", 0.60, 34, 0.96));
        foreach (var metric in new[] { "psnr-rgb", "ms-ssim-rgb-db" })
        {
            var key = Assert.Single(s.BdRates, b => b.Test == "lgc" && b.Anchor == "hyperprior" && b.Metric == metric);
            Assert.Equal(-50.0, key.Percent!.Value, 6);
            Assert.True(Assert.Single(s.BdRates, b => b.Test == "hyperprior" && b.Anchor == "jpeg-imagesharp" && b.Metric == metric).Percent < 0);
            Assert.True(Assert.Single(s.BdRates, b => b.Test == "hyperprior" && b.Anchor == "webp-imagesharp" && b.Metric == metric).Percent < 0);
        }
    }

    [Fact]
    public void NonOverlappingReferenceCurveGivesAReasonAndNoReferenceCurveGivesNoEntry()
    {
        var s = Summary(
            Point("lgc", "lgc:a", 0.05, 30, 0.90), Point("lgc", "lgc:b", 0.10, 33, 0.95),
            Point("hyperprior", "hyperprior:a", 0.10, 36, 0.97), Point("hyperprior", "hyperprior:b", 0.20, 38, 0.98));
        var b = Assert.Single(s.BdRates, b => b.Test == "lgc" && b.Anchor == "hyperprior" && b.Metric == "psnr-rgb");
        Assert.Null(b.Percent);
        Assert.Contains("do not overlap", b.Reason);

        var none = Summary(Point("lgc", "lgc:a", 0.05, 30, 0.90), Point("lgc", "lgc:b", 0.10, 33, 0.95));
        Assert.DoesNotContain(none.BdRates, x => x.Test == "hyperprior" || x.Anchor == "hyperprior");
    }
}
