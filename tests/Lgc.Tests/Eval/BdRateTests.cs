using Lgc.Lab.Evaluation;

namespace Lgc.Tests.Eval;

public class BdRateTests
{
    static readonly (double Rate, double Quality)[] Anchor = [(0.2, 28.0), (0.45, 31.5), (0.6, 33.0), (1.3, 37.2)];

    [Theory]
    [InlineData(0.8, -20.0)]
    [InlineData(1.5, 50.0)]
    [InlineData(0.5, -50.0)]
    public void ACurveAtAConstantRateFactorGivesExactlyThatPercentage(double factor, double percent)
    {
        var test = Anchor.Select(p => (p.Rate * factor, p.Quality)).ToArray();
        Assert.Equal(percent, BdRate.Compute(Anchor, test, out var reason)!.Value, 9);
        Assert.Null(reason);
    }

    [Fact]
    public void LinearCurvesGiveTheHandComputedValue()
    {
        // log10 r = q/10 - 3 (anchor), q/20 - 1.5 (test); PCHIP keeps lines straight. Over the overlap q in [20, 40]
        // the mean of test - anchor = 1.5 - q/20 is 1.5 - 30/20 = 0, so 0 %.
        var a = new[] { 20.0, 25, 30, 40 }.Select(q => (Math.Pow(10, q / 10 - 3), q)).ToArray();
        var t = new[] { 18.0, 26, 33, 41 }.Select(q => (Math.Pow(10, q / 20 - 1.5), q)).ToArray();
        Assert.Equal(0.0, BdRate.Compute(a, t, out _)!.Value, 9);
        // Shift the test by +0.1 in log10 rate: 10^0.1 - 1 = 25.89 %.
        var t2 = t.Select(p => (p.Item1 * Math.Pow(10, 0.1), p.q)).ToArray();
        Assert.Equal((Math.Pow(10, 0.1) - 1) * 100, BdRate.Compute(a, t2, out _)!.Value, 9);
    }

    [Fact]
    public void NoOverlapOrTooFewPointsGiveAReason()
    {
        Assert.Null(BdRate.Compute(Anchor, [(0.05, 20.0), (0.08, 22.0)], out var r1));
        Assert.Contains("do not overlap", r1);
        Assert.Null(BdRate.Compute(Anchor, [(0.3, 30.0)], out var r2));
        Assert.Contains("needs 2", r2);
    }

    [Fact]
    public void PchipMatchesAHandComputedCase()
    {
        // x = 0, 1, 2; y = 0, 1, 1: interior slope 0 (local flat), end slopes 1.5 and 0 (scipy's edge rule).
        var p = new Pchip([0, 1, 2], [0, 1, 1]);
        Assert.Equal(0.6875, p.Evaluate(0.5), 12);
        Assert.Equal(1.0, p.Evaluate(1.5), 12);
        Assert.Equal(0.625 + 1.0, p.Integral(0, 2), 12);
        Assert.Equal(1.0, p.Evaluate(1), 12);
    }

    [Fact]
    public void RateToReachInterpolatesInLogRate()
    {
        var curve = new (double, double)[] { (100, 0.5), (1000, 0.9), (10000, 0.95) };
        var hit = BdRate.RateToReach(curve, 0.7)!.Value;
        Assert.Equal(Math.Pow(10, 2.5), hit.Rate, 6); // halfway between 0.5 and 0.9 → halfway in log rate
        Assert.False(hit.AtMost);
        Assert.True(BdRate.RateToReach(curve, 0.4)!.Value.AtMost);
        Assert.Null(BdRate.RateToReach(curve, 0.99));
    }
}
