namespace Lgc.Lab.Evaluation;

/// <summary>Set-level means and scores of one method, over the images whose row is "ok".</summary>
internal sealed class MethodSummary
{
    public required EvalMethod Method { get; init; }
    public int Requested { get; init; }
    public int Images { get; init; }
    public int CannotReach { get; init; }
    public double Bytes { get; init; } = double.NaN;
    public double HeaderBytes { get; init; } = double.NaN;
    public double PayloadBytes { get; init; } = double.NaN;
    public double Bpp { get; init; } = double.NaN;
    public double Psnr { get; init; } = double.NaN;
    public double MsSsim { get; init; } = double.NaN;
    public double Ms { get; init; } = double.NaN;
    /// <summary>Median time: robust to the other jobs of a shared machine.</summary>
    public double MsMedian { get; init; } = double.NaN;
    public double MeanQuality { get; init; } = double.NaN;
    public ParsingStats? Parsing { get; init; }
    public int ParsingImages { get; init; }
    public AttributeStats? Attributes { get; init; }
    public int AttributeImages { get; init; }
    public double Fd { get; set; } = double.NaN;
    public int FdImages { get; set; }

    public double MIou => Parsing?.MeanIou() ?? double.NaN;
    public double AttrAccuracy => Attributes?.MeanAccuracy ?? double.NaN;
    public double AttrBalanced => Attributes?.BalancedAccuracy ?? double.NaN;

    /// <summary>MS-SSIM in dB, -10 log10(1 - MS-SSIM): the scale RD comparisons of MS-SSIM use.</summary>
    public double MsSsimDb => -10 * Math.Log10(Math.Max(1 - MsSsim, 1e-12));

    public static MethodSummary Of(EvalMethod m, IReadOnlyList<EvalRow> rows, int requested, Func<string, bool?[]?> truth)
    {
        var ok = rows.Where(r => r.Ok).ToList();
        static double Mean(IEnumerable<double> v) { var a = v.Where(double.IsFinite).ToArray(); return a.Length == 0 ? double.NaN : a.Average(); }
        static double Median(IEnumerable<double> v)
        {
            var a = v.Where(double.IsFinite).Order().ToArray();
            return a.Length == 0 ? double.NaN : a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
        }
        ParsingStats? ps = null; int pn = 0;
        AttributeStats? at = null; int an = 0;
        foreach (var r in ok)
        {
            if (r.Inter != null && r.Union != null) { (ps ??= new()).Add(r.Inter, r.Union, r.PixCorrect, r.PixTotal); pn++; }
            if (r.AttrPred is { Length: AttributeStats.Count } p && truth(r.Image) is { } t)
            {
                (at ??= new()).Add(p.Select(ch => ch == '1').ToArray(), t);
                an++;
            }
        }
        return new MethodSummary
        {
            Method = m, Requested = requested, Images = ok.Count, CannotReach = rows.Count(r => r.Status == "cannot_reach"),
            Bytes = Mean(ok.Select(r => (double)r.Bytes)), HeaderBytes = Mean(ok.Select(r => (double)r.HeaderBytes)),
            PayloadBytes = Mean(ok.Select(r => (double)r.PayloadBytes)), Bpp = Mean(ok.Select(r => r.Bpp)),
            Psnr = Mean(ok.Select(r => r.Psnr)), MsSsim = Mean(ok.Select(r => r.MsSsim)), Ms = Mean(ok.Select(r => r.Ms)), MsMedian = Median(ok.Select(r => r.Ms)),
            MeanQuality = Mean(ok.Where(r => r.Quality > 0).Select(r => (double)r.Quality)),
            Parsing = ps, ParsingImages = pn, Attributes = at, AttributeImages = an,
        };
    }
}
