namespace Lgc.Lab.Evaluation;

/// <summary>
/// Bjøntegaard delta rate: the mean rate difference (in percent) of a test RD curve against an anchor at equal
/// quality, over the quality interval both curves cover. Log-rate is interpolated as a function of quality with
/// PCHIP (monotone piecewise cubic Hermite, Fritsch–Carlson derivatives as scipy's PchipInterpolator, the
/// interpolation of the current "bjontegaard" reference) and integrated exactly. Negative = the test saves bits.
/// </summary>
internal static class BdRate
{
    /// <summary>BD-rate in percent, or null with the reason (too few points, no overlap, repeated quality).</summary>
    public static double? Compute(IReadOnlyList<(double Rate, double Quality)> anchor, IReadOnlyList<(double Rate, double Quality)> test, out string? reason)
    {
        reason = null;
        var a = Prepare(anchor, "anchor", ref reason);
        var t = Prepare(test, "test", ref reason);
        if (a == null || t == null) return null;
        double lo = Math.Max(a.Value.Q[0], t.Value.Q[0]), hi = Math.Min(a.Value.Q[^1], t.Value.Q[^1]);
        if (!(hi > lo)) { reason = $"quality ranges do not overlap (anchor {a.Value.Q[0]:G4}..{a.Value.Q[^1]:G4}, test {t.Value.Q[0]:G4}..{t.Value.Q[^1]:G4})"; return null; }
        double ia = new Pchip(a.Value.Q, a.Value.LogR).Integral(lo, hi);
        double it = new Pchip(t.Value.Q, t.Value.LogR).Integral(lo, hi);
        return (Math.Pow(10, (it - ia) / (hi - lo)) - 1) * 100;
    }

    static (double[] Q, double[] LogR)? Prepare(IReadOnlyList<(double Rate, double Quality)> pts, string what, ref string? reason)
    {
        var p = pts.Where(x => x.Rate > 0 && double.IsFinite(x.Rate) && double.IsFinite(x.Quality)).OrderBy(x => x.Quality).ToArray();
        if (p.Length < 2) { reason ??= $"the {what} curve has {p.Length} usable point(s), needs 2"; return null; }
        for (int i = 1; i < p.Length; i++)
            if (!(p[i].Quality > p[i - 1].Quality)) { reason ??= $"the {what} curve repeats quality {p[i].Quality:G6}"; return null; }
        return (p.Select(x => x.Quality).ToArray(), p.Select(x => Math.Log10(x.Rate)).ToArray());
    }

    /// <summary>
    /// The smallest rate at which a (rate, score) curve reaches <paramref name="target"/>, interpolating linearly in
    /// log-rate between the points around the first crossing. AtMost: the lowest point already reaches it (the true
    /// rate may be lower). Null: no point reaches it.
    /// </summary>
    public static (double Rate, bool AtMost)? RateToReach(IReadOnlyList<(double Rate, double Score)> curve, double target)
    {
        var p = curve.Where(x => x.Rate > 0 && double.IsFinite(x.Score)).OrderBy(x => x.Rate).ToArray();
        if (p.Length == 0) return null;
        if (p[0].Score >= target) return (p[0].Rate, true);
        for (int i = 1; i < p.Length; i++)
        {
            if (p[i].Score < target) continue;
            double f = (target - p[i - 1].Score) / (p[i].Score - p[i - 1].Score);
            double lr = Math.Log10(p[i - 1].Rate) + f * (Math.Log10(p[i].Rate) - Math.Log10(p[i - 1].Rate));
            return (Math.Pow(10, lr), false);
        }
        return null;
    }
}

/// <summary>Monotone piecewise cubic Hermite interpolant (scipy.interpolate.PchipInterpolator) with its exact integral.</summary>
internal sealed class Pchip
{
    readonly double[] _x, _y, _d;

    public Pchip(double[] x, double[] y)
    {
        if (x.Length != y.Length || x.Length < 2) throw new ArgumentException("PCHIP needs at least 2 points of equal-length x, y");
        _x = x; _y = y;
        int n = x.Length;
        var h = new double[n - 1]; var m = new double[n - 1];
        for (int i = 0; i < n - 1; i++) { h[i] = x[i + 1] - x[i]; m[i] = (y[i + 1] - y[i]) / h[i]; }
        _d = new double[n];
        if (n == 2) { _d[0] = _d[1] = m[0]; return; }
        for (int k = 1; k < n - 1; k++)
        {
            // Zero slope at a local extremum keeps the interpolant monotone; else a weighted harmonic mean.
            if (m[k - 1] == 0 || m[k] == 0 || Math.Sign(m[k - 1]) != Math.Sign(m[k])) { _d[k] = 0; continue; }
            double w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1];
            _d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k]);
        }
        _d[0] = Edge(h[0], h[1], m[0], m[1]);
        _d[n - 1] = Edge(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
    }

    /// <summary>scipy's one-sided three-point end derivative, limited to keep the shape.</summary>
    static double Edge(double h0, double h1, double m0, double m1)
    {
        double d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
        if (Math.Sign(d) != Math.Sign(m0)) return 0;
        if (Math.Sign(m0) != Math.Sign(m1) && Math.Abs(d) > Math.Abs(3 * m0)) return 3 * m0;
        return d;
    }

    public double Evaluate(double t)
    {
        int i = Segment(t);
        double h = _x[i + 1] - _x[i], s = (t - _x[i]) / h;
        double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s), h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
        return h00 * _y[i] + h10 * h * _d[i] + h01 * _y[i + 1] + h11 * h * _d[i + 1];
    }

    /// <summary>∫ from a to b (inside the data range, or extrapolating the end cubics like scipy).</summary>
    public double Integral(double a, double b) => Antiderivative(b) - Antiderivative(a);

    double Antiderivative(double t)
    {
        int seg = Segment(t);
        double sum = 0;
        for (int i = 0; i < seg; i++) sum += Piece(i, 1);
        return sum + Piece(seg, (t - _x[seg]) / (_x[seg + 1] - _x[seg]));
    }

    /// <summary>∫ over the first fraction u of segment i, from the integrated Hermite basis.</summary>
    double Piece(int i, double u)
    {
        double h = _x[i + 1] - _x[i], u2 = u * u, u3 = u2 * u, u4 = u3 * u;
        double i00 = u4 / 2 - u3 + u, i10 = u4 / 4 - 2 * u3 / 3 + u2 / 2, i01 = -u4 / 2 + u3, i11 = u4 / 4 - u3 / 3;
        return h * (i00 * _y[i] + i10 * h * _d[i] + i01 * _y[i + 1] + i11 * h * _d[i + 1]);
    }

    int Segment(double t)
    {
        int i = Array.BinarySearch(_x, t);
        if (i < 0) i = ~i - 1;
        return Math.Clamp(i, 0, _x.Length - 2);
    }
}
