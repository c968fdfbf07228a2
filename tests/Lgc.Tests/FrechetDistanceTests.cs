using Lgc.Lab.Perception;

namespace Lgc.Tests;

public class FrechetDistanceTests
{
    /// <summary>31-bit LCG giving floats k/2^22 − 1 (exact in float32), as the numpy script in <see cref="Random20DimMatchesNumpy"/>.</summary>
    static float[][] Make(int n, int d, long seed, float scale, float shift)
    {
        long x = seed;
        var r = new float[n][];
        for (int i = 0; i < n; i++)
        {
            var u = new float[d];
            for (int j = 0; j < d; j++)
            {
                x = (x * 1103515245 + 12345) % 2147483648;
                u[j] = (float)((x >> 8) / 8388608.0 * 2 - 1);
            }
            r[i] = new float[d];
            for (int j = 0; j < d; j++)
            {
                float prev = j > 0 ? u[j - 1] : 0f;
                float t = scale * u[j];
                float p = 0.5f * prev;
                r[i][j] = t + p + shift;
            }
        }
        return r;
    }

    /// <summary>
    /// Expected values from numpy 1.24 (float64, eigh), script:
    /// <code>
    /// def lcg(seed):                      # same generator as Make
    ///     x = seed
    ///     while True:
    ///         x = (x * 1103515245 + 12345) % 2**31
    ///         yield np.float32((x >> 8) / 2.0**23 * 2 - 1)
    /// def make(n, d, seed, scale, shift): # out[i,j] = f32(f32(scale)*u[i,j] + f32(.5)*u[i,j-1] + f32(shift))
    /// a = make(30, 20, 7, 1.0, 0.0); b = make(25, 20, 11, 1.5, 0.25)   (as float64)
    /// ca, cb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    /// w, v = np.linalg.eigh(ca); sa = (v * np.sqrt(w.clip(0))) @ v.T; m = sa @ cb @ sa
    /// tr = np.sqrt(np.linalg.eigvalsh((m + m.T) / 2).clip(0)).sum()     # 9.35537803283327 (eigvals(ca@cb): ...276)
    /// fd = ((a.mean(0) - b.mean(0))**2).sum() + np.trace(ca) + np.trace(cb) - 2 * tr   # 6.946607521054698
    /// </code>
    /// </summary>
    [Fact]
    public void Random20DimMatchesNumpy()
    {
        var a = Make(30, 20, 7, 1.0f, 0.0f);
        var b = Make(25, 20, 11, 1.5f, 0.25f);
        Assert.Equal(0.19411206f, a[0][0], 1e-7f);
        Assert.Equal(0.7075398f, b[0][0], 1e-7f);
        var sa = GaussianStats.Fit(a);
        var sb = GaussianStats.Fit(b);
        Assert.Equal(9.35537803283327, FrechetDistance.TraceSqrtProduct(sa.Covariance, sb.Covariance, 20), 1e-10);
        Assert.Equal(6.946607521054698, FrechetDistance.Compute(a, b), 1e-10);
        Assert.Equal(6.946607521054698, FrechetDistance.Compute(sb, sa), 1e-10); // symmetric
    }

    [Fact]
    public void IdenticalSetsGiveZero()
    {
        var a = Make(40, 64, 3, 2.0f, 1.0f);
        double trace = GaussianStats.Fit(a).Covariance.Where((_, i) => i % 65 == 0).Sum();
        Assert.True(trace > 1);
        Assert.InRange(FrechetDistance.Compute(a, a), -1e-9 * trace, 1e-9 * trace);
        // fewer vectors than dimensions: singular covariances still fine
        var few = a.Take(10).ToArray();
        Assert.InRange(FrechetDistance.Compute(few, few), -1e-9 * trace, 1e-9 * trace);
        Assert.True(FrechetDistance.Compute(few, a) > 0.1);
    }

    [Fact]
    public void OneDimensionalGaussians()
    {
        var a = Make(50, 1, 5, 1.0f, 0.0f);
        var b = Make(70, 1, 9, 3.0f, 2.0f);
        static (double Mean, double Sd) Stats(float[][] v)
        {
            double m = v.Average(x => (double)x[0]);
            return (m, Math.Sqrt(v.Sum(x => (x[0] - m) * (x[0] - m)) / (v.Length - 1)));
        }
        var (m1, s1) = Stats(a);
        var (m2, s2) = Stats(b);
        Assert.True(Math.Abs(m1 - m2) > 1 && Math.Abs(s1 - s2) > 0.5);
        Assert.Equal((m1 - m2) * (m1 - m2) + (s1 - s2) * (s1 - s2), FrechetDistance.Compute(a, b), 1e-10);
    }

    /// <summary>Sets ±s_j e_j shifted by μ have mean μ and exactly diagonal covariance 2 s_j² / (n − 1).</summary>
    static float[][] Diagonal(float[] s, float[] mu)
    {
        int d = s.Length;
        var r = new List<float[]>();
        for (int j = 0; j < d; j++)
            foreach (int sign in new[] { 1, -1 })
            {
                var v = (float[])mu.Clone();
                v[j] += sign * s[j];
                r.Add(v);
            }
        return [.. r];
    }

    [Fact]
    public void DiagonalCovariancesClosedForm()
    {
        float[] sa = [1, 2, 0.5f, 4, 0], sb = [3, 0.25f, 0.5f, 1, 2];
        float[] ma = [0, 1, 2, 3, 4], mb = [1, 1, 0, 3, -2];
        var a = Diagonal(sa, ma);
        var b = Diagonal(sb, mb);
        int n = a.Length;
        double want = 0;
        for (int j = 0; j < 5; j++)
        {
            double ca = 2.0 * sa[j] * sa[j] / (n - 1), cb = 2.0 * sb[j] * sb[j] / (n - 1);
            want += (ma[j] - mb[j]) * (ma[j] - mb[j]) + (Math.Sqrt(ca) - Math.Sqrt(cb)) * (Math.Sqrt(ca) - Math.Sqrt(cb));
        }
        var st = GaussianStats.Fit(a);
        Assert.Equal(2.0 * 16 / (n - 1), st.Covariance[3 * 5 + 3], 1e-12);
        Assert.Equal(0, st.Covariance[0 * 5 + 1]);
        Assert.Equal(want, FrechetDistance.Compute(a, b), 1e-9);
    }

    [Fact]
    public void BadInputsAreRefused()
    {
        var two = Make(2, 4, 1, 1, 0);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(two.Take(1).ToArray(), two)).Message);
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(two, []));
        var e = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(two, Make(3, 5, 1, 1, 0)));
        Assert.Contains("differ", e.Message);
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute([new float[4], new float[3]], two));
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute([new float[4], [0, float.NaN, 0, 0]], two));
        Assert.Throws<ArgumentNullException>(() => FrechetDistance.Compute(null!, two));
    }

    [Fact]
    public void EigenDecompositionReconstructs()
    {
        int n = 41; // odd, and not a multiple of the vector width
        var rnd = new Random(17);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd.NextDouble() * 2 - 1;
        a[5 * n + 5] = 0; // some structure: a zero row/column
        for (int j = 0; j < n; j++) a[5 * n + j] = a[j * n + 5] = 0;
        var (w, v) = SymmetricEigen.Decompose(a, n);
        for (int i = 1; i < n; i++) Assert.True(w[i - 1] <= w[i]);
        Assert.Contains(w, x => Math.Abs(x) < 1e-12);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double r = 0, o = 0;
                for (int k = 0; k < n; k++)
                {
                    r += v[i * n + k] * w[k] * v[j * n + k];
                    o += v[k * n + i] * v[k * n + j];
                }
                Assert.Equal(a[i * n + j], r, 1e-12);
                Assert.Equal(i == j ? 1.0 : 0.0, o, 1e-12);
            }
        var values = SymmetricEigen.Eigenvalues(a, n);
        for (int i = 0; i < n; i++) Assert.Equal(w[i], values[i], 1e-12);
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[8], 3));
        // 2x2 closed form: [[2,1],[1,2]] -> 1, 3
        var (w2, _) = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        Assert.Equal(1, w2[0], 1e-14);
        Assert.Equal(3, w2[1], 1e-14);
    }
}
