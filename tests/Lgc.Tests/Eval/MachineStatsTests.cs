using Lgc.Lab.Evaluation;

namespace Lgc.Tests.Eval;

public class MachineStatsTests
{
    [Fact]
    public void ParsingScoresAccumulateOverTheSet()
    {
        // Image 1: truth 0 0 1 1, prediction 0 1 1 1 → class 0: I 1 U 2; class 1: I 2 U 3.
        // Image 2: truth 2 2 0 0, prediction 2 0 0 0 → class 0: I 2 U 3; class 2: I 1 U 2.
        var s = new ParsingStats();
        foreach (var (p, t) in new[] { (new byte[] { 0, 1, 1, 1 }, new byte[] { 0, 0, 1, 1 }), (new byte[] { 2, 0, 0, 0 }, new byte[] { 2, 2, 0, 0 }) })
        {
            var (i, u, c) = ParsingStats.Count(p, t);
            s.Add(i, u, c, t.Length);
        }
        Assert.Equal(3.0 / 5, s.Iou(0), 12);
        Assert.Equal(2.0 / 3, s.Iou(1), 12);
        Assert.Equal(1.0 / 2, s.Iou(2), 12);
        Assert.True(double.IsNaN(s.Iou(5)));
        Assert.Equal((3.0 / 5 + 2.0 / 3 + 1.0 / 2) / 3, s.MeanIou(), 12);
        Assert.Equal((2.0 / 3 + 1.0 / 2) / 2, s.MeanIou(withBackground: false), 12);
        Assert.Equal(6.0 / 8, s.PixelAccuracy, 12);
    }

    [Fact]
    public void BalancedAccuracyIsTheMeanOfTprAndTnrAndSkipsUnknownLabels()
    {
        var s = new AttributeStats();
        bool?[] T(bool? a0, bool? a1) { var v = new bool?[40]; v[0] = a0; v[1] = a1; return v; }
        bool[] P(bool a0, bool a1) { var v = new bool[40]; v[0] = a0; v[1] = a1; return v; }
        // Attribute 0: truths 1,1,1,0 predicted 1,0,1,0 → TPR 2/3, TNR 1 → 5/6. Attribute 1: truths 0,0,?,0 all predicted 0 → TNR 1 only.
        s.Add(P(true, false), T(true, false));
        s.Add(P(false, false), T(true, false));
        s.Add(P(true, true), T(true, null));
        s.Add(P(false, false), T(false, false));
        Assert.Equal(5.0 / 6, s.Balanced(0), 12);
        Assert.Equal(1.0, s.Balanced(1), 12);
        Assert.Equal((5.0 / 6 + 1.0) / 2, s.BalancedAccuracy, 12);
        Assert.Equal(6.0 / 7, s.MeanAccuracy, 12); // 7 known labels, 6 right
        Assert.Equal(7, s.Known);
    }
}

public class MethodSummaryTests
{
    [Fact]
    public void MeansAreOverOkRowsAndCannotReachIsCounted()
    {
        var m = new EvalMethod("jpeg-imagesharp@x", "jpeg-imagesharp-matched", 0, 0, ClassicCodec.Jpeg);
        var rows = new List<EvalRow>
        {
            new() { Image = "a", Method = m.Name, Family = m.Family, Quality = 3, Bytes = 900, Bpp = 0.11, Psnr = 24 },
            new() { Image = "b", Method = m.Name, Family = m.Family, Quality = 5, Bytes = 1100, Bpp = 0.13, Psnr = 26 },
            new() { Image = "c", Method = m.Name, Family = m.Family, Status = "cannot_reach", Bytes = 700 },
        };
        var s = MethodSummary.Of(m, rows, 4, _ => null);
        Assert.Equal(2, s.Images);
        Assert.Equal(1, s.CannotReach);
        Assert.Equal(1000, s.Bytes, 9);
        Assert.Equal(25, s.Psnr, 9);
        Assert.Equal(4, s.MeanQuality, 9);
        Assert.True(double.IsNaN(s.MsSsim));
    }

    [Fact]
    public void RowsSurviveTheCsvRoundTrip()
    {
        var r = new EvalRow
        {
            Image = "odd,name \"x\"", Method = "lgc:m", Family = "lgc", Bytes = 801, HeaderBytes = 37, PayloadBytes = 764, Bpp = 0.0977813720703125,
            Psnr = 27.123456789012345, MsSsim = double.NaN, Ms = 12.5, PixCorrect = 3, PixTotal = 4,
            Inter = Enumerable.Range(0, 19).Select(i => (long)i).ToArray(), Union = Enumerable.Range(0, 19).Select(i => (long)i * 2).ToArray(),
            AttrPred = new string('1', 40),
        };
        var back = EvalRow.Parse(r.ToCsv());
        Assert.Equal(r.ToCsv(), back.ToCsv());
        Assert.Equal(r.Image, back.Image);
        Assert.Equal(r.Psnr, back.Psnr);
        Assert.True(double.IsNaN(back.MsSsim));
    }
}
