namespace Lgc.Lab.Perception;

/// <summary>Mean and unbiased covariance (n − 1) of a set of feature vectors, in double.</summary>
internal sealed class GaussianStats
{
    public int Count { get; }
    public int Dim { get; }
    public double[] Mean { get; }
    /// <summary>Row-major Dim×Dim covariance with divisor Count − 1.</summary>
    public double[] Covariance { get; }

    GaussianStats(int count, int dim, double[] mean, double[] cov) => (Count, Dim, Mean, Covariance) = (count, dim, mean, cov);

    /// <summary>Fits the set; needs at least 2 vectors of one length, all values finite.</summary>
    public static GaussianStats Fit(IReadOnlyList<float[]> vectors, string name = "vectors")
    {
        ArgumentNullException.ThrowIfNull(vectors, name);
        if (vectors.Count < 2) throw new ArgumentException($"Fréchet distance needs at least 2 feature vectors per set, {name} has {vectors.Count}.", name);
        int n = vectors.Count, d = vectors[0]?.Length ?? 0;
        if (d == 0) throw new ArgumentException($"{name}[0] is null or empty.", name);
        var x = new double[n * d]; // centred copy, row per vector
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            var v = vectors[i] ?? throw new ArgumentException($"{name}[{i}] is null.", name);
            if (v.Length != d) throw new ArgumentException($"{name}[{i}] has {v.Length} values, {name}[0] has {d}.", name);
            for (int j = 0; j < d; j++)
            {
                if (!float.IsFinite(v[j])) throw new ArgumentException($"{name}[{i}][{j}] is {v[j]}.", name);
                x[i * d + j] = v[j];
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] -= mean[j];
        var cov = new double[d * d];
        Parallel.For(0, d, r =>
        {
            var row = cov.AsSpan(r * d, d);
            for (int i = 0; i < n; i++)
            {
                double a = x[i * d + r];
                if (a == 0) continue;
                var xi = x.AsSpan(i * d, d);
                for (int c = r; c < d; c++) row[c] += a * xi[c];
            }
            for (int c = r; c < d; c++) row[c] /= n - 1;
        });
        for (int r = 0; r < d; r++)
            for (int c = 0; c < r; c++) cov[r * d + c] = cov[c * d + r];
        return new GaussianStats(n, d, mean, cov);
    }
}

/// <summary>
/// Fréchet distance between two Gaussians fitted to feature sets (the FID formula, used by FD-R18):
/// ||μa − μb||² + Tr(Σa + Σb − 2 (Σa Σb)^{1/2}), in double.
/// </summary>
internal static class FrechetDistance
{
    /// <summary>
    /// Distance between the Gaussians fitted to <paramref name="a"/> and <paramref name="b"/> (unbiased covariances;
    /// at least 2 vectors each, all of one length). Tr (Σa Σb)^{1/2} is computed as Σ √λ over the eigenvalues λ of the
    /// symmetric Σa^{1/2} Σb Σa^{1/2} (symmetric eigen-decompositions; negative λ and λ below d·ε·max λ, rounding noise, count as 0), so
    /// singular covariances (fewer vectors than dimensions) are fine. The result can be a rounding-sized negative
    /// number for identical sets.
    /// </summary>
    public static double Compute(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        var sa = GaussianStats.Fit(a, nameof(a));
        var sb = GaussianStats.Fit(b, nameof(b));
        if (sa.Dim != sb.Dim) throw new ArgumentException($"Feature lengths differ: a has {sa.Dim}, b has {sb.Dim}.", nameof(b));
        return Compute(sa, sb);
    }

    /// <summary>As <see cref="Compute(IReadOnlyList{float[]}, IReadOnlyList{float[]})"/> from fitted statistics (fit a reference set once).</summary>
    public static double Compute(GaussianStats a, GaussianStats b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dim != b.Dim) throw new ArgumentException($"Feature lengths differ: a has {a.Dim}, b has {b.Dim}.", nameof(b));
        int d = a.Dim;
        double meanTerm = 0, trA = 0, trB = 0;
        for (int j = 0; j < d; j++)
        {
            double t = a.Mean[j] - b.Mean[j];
            meanTerm += t * t;
            trA += a.Covariance[j * d + j];
            trB += b.Covariance[j * d + j];
        }
        return meanTerm + trA + trB - 2 * TraceSqrtProduct(a.Covariance, b.Covariance, d);
    }

    /// <summary>Tr (A B)^{1/2} for symmetric PSD A, B (row-major d×d) = Σ √λ, λ eigenvalues of A^{1/2} B A^{1/2} (rounding-sized λ taken as 0).</summary>
    public static double TraceSqrtProduct(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int d)
    {
        if (a.Length != checked(d * d) || b.Length != d * d) throw new ArgumentException($"Expected two {d}x{d} matrices.");
        var (la, va) = SymmetricEigen.Decompose(a, d);
        ZeroRoundingEigenvalues(la);
        // A^{1/2} B A^{1/2} = V (√Λ Vᵀ B V √Λ) Vᵀ: same eigenvalues as the inner matrix, so only that one is formed
        var vt = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++) vt[k * d + i] = va[i * d + k];
        var w = Mul(vt, Mul(b.ToArray(), va, d), d);  // Vᵀ B V
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
                m[i * d + j] = m[j * d + i] = Math.Sqrt(la[i]) * 0.5 * (w[i * d + j] + w[j * d + i]) * Math.Sqrt(la[j]);
        var lm = SymmetricEigen.Eigenvalues(m, d);
        ZeroRoundingEigenvalues(lm);
        double tr = 0;
        foreach (double l in lm) tr += Math.Sqrt(l);
        return tr;
    }

    /// <summary>
    /// Eigenvalues below d·ε·max|λ| are rounding noise of a PSD matrix (singular when there are fewer vectors than
    /// dimensions): they become 0, else their square roots (≈ √ε each) would add up to a visible bias.
    /// </summary>
    static void ZeroRoundingEigenvalues(double[] l)
    {
        double max = 0;
        foreach (double v in l) max = Math.Max(max, Math.Abs(v));
        double tol = l.Length * 2.220446049250313e-16 * max;
        for (int i = 0; i < l.Length; i++) if (l[i] < tol) l[i] = 0;
    }

    static double[] Mul(double[] x, double[] y, int d)
    {
        var r = new double[d * d];
        Parallel.For(0, d, i =>
        {
            var ri = r.AsSpan(i * d, d);
            for (int k = 0; k < d; k++)
            {
                double xik = x[i * d + k];
                if (xik == 0) continue;
                var yk = y.AsSpan(k * d, d);
                for (int j = 0; j < d; j++) ri[j] += xik * yk[j];
            }
        });
        return r;
    }
}
