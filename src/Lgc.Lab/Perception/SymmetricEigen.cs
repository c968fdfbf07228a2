using System.Numerics;

namespace Lgc.Lab.Perception;

/// <summary>
/// Eigen-decomposition of a real symmetric matrix in double: Householder reduction to tridiagonal form and
/// the implicit QL algorithm (EISPACK tred2 / tql2, as in JAMA, public domain). Stable for any symmetric input;
/// eigenvectors are orthonormal to rounding.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the symmetric n×n row-major <paramref name="a"/> (only its values are read; it is not changed):
    /// A = V diag(values) Vᵀ with eigenvalues ascending and the eigenvectors in the columns of V (row-major n×n).
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(ReadOnlySpan<double> a, int n)
    {
        var (d, vt) = Run(a, n, wantVectors: true);
        var vectors = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) vectors[i * n + j] = vt![j][i];
        return (d, vectors);
    }

    /// <summary>The eigenvalues only (ascending): same as <see cref="Decompose"/>'s, without accumulating the vectors.</summary>
    public static double[] Eigenvalues(ReadOnlySpan<double> a, int n) => Run(a, n, wantVectors: false).Values;

    static (double[] Values, double[][]? VectorsT) Run(ReadOnlySpan<double> a, int n, bool wantVectors)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Must be positive.");
        if (a.Length != checked(n * n)) throw new ArgumentException($"Expected {n * n} elements, got {a.Length}.", nameof(a));
        for (int i = 0; i < a.Length; i++)
            if (!double.IsFinite(a[i])) throw new ArgumentException($"Matrix element {i} is {a[i]}.", nameof(a));
        var v = new double[n][];
        for (int i = 0; i < n; i++) v[i] = a.Slice(i * n, n).ToArray();
        var d = new double[n];
        var e = new double[n];
        Tred2(v, d, e, n, wantVectors);
        double[][]? vt = null;
        if (wantVectors)
        {
            // QL rotates pairs of columns of V: keep them as contiguous rows of Vᵀ
            vt = new double[n][];
            for (int i = 0; i < n; i++)
            {
                vt[i] = new double[n];
                for (int k = 0; k < n; k++) vt[i][k] = v[k][i];
            }
        }
        Tql2(vt, d, e, n);
        return (d, vt);
    }

    // Householder tridiagonalisation; on return v holds the orthogonal transform, d the diagonal, e the sub-diagonal.
    static void Tred2(double[][] V, double[] d, double[] e, int n, bool wantVectors)
    {
        for (int j = 0; j < n; j++) d[j] = V[n - 1][j];
        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0.0, h = 0.0;
            for (int k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0.0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = V[i - 1][j];
                    V[i][j] = 0.0;
                    V[j][i] = 0.0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.Sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0.0;
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    V[j][i] = f;
                    g = e[j] + V[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += V[k][j] * d[k];
                        e[k] += V[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) V[k][j] -= f * e[k] + g * d[k];
                    d[j] = V[i - 1][j];
                    V[i][j] = 0.0;
                }
            }
            d[i] = h;
        }
        if (!wantVectors)
        {
            // the diagonal of the tridiagonal form is what the accumulation below would read off V's diagonal
            for (int j = 0; j < n; j++) d[j] = V[j][j];
            e[0] = 0.0;
            return;
        }
        // accumulate the transformations
        for (int i = 0; i < n - 1; i++)
        {
            V[n - 1][i] = V[i][i];
            V[i][i] = 1.0;
            double h = d[i + 1];
            if (h != 0.0)
            {
                for (int k = 0; k <= i; k++) d[k] = V[k][i + 1] / h;
                for (int j = 0; j <= i; j++)
                {
                    double g = 0.0;
                    for (int k = 0; k <= i; k++) g += V[k][i + 1] * V[k][j];
                    for (int k = 0; k <= i; k++) V[k][j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) V[k][i + 1] = 0.0;
        }
        for (int j = 0; j < n; j++)
        {
            d[j] = V[n - 1][j];
            V[n - 1][j] = 0.0;
        }
        V[n - 1][n - 1] = 1.0;
        e[0] = 0.0;
    }

    // Implicit QL on the tridiagonal (d, e), accumulating rotations into Vᵀ when given; sorts ascending.
    static void Tql2(double[][]? Vt, double[] d, double[] e, int n)
    {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0.0;
        double f = 0.0, tst1 = 0.0;
        const double eps = 2.220446049250313e-16; // 2^-52
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.Abs(e[m]) > eps * tst1) m++;
            if (m > l)
            {
                int iter = 0;
                do
                {
                    if (++iter > 200) throw new ArithmeticException("Symmetric eigen-decomposition did not converge.");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1.0, c2 = c, c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0, s2 = 0.0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        if (Vt is not null) Rotate(Vt[i], Vt[i + 1], c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0.0;
        }
        // selection sort, ascending, with the vectors
        for (int i = 0; i < n - 1; i++)
        {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++)
                if (d[j] < p) { k = j; p = d[j]; }
            if (k != i)
            {
                d[k] = d[i];
                d[i] = p;
                if (Vt is not null) (Vt[i], Vt[k]) = (Vt[k], Vt[i]);
            }
        }
    }

    // (x, y) <- (c x - s y, s x + c y), element-wise
    static void Rotate(double[] x, double[] y, double c, double s)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc = new Vector<double>(c);
            var vs = new Vector<double>(s);
            for (; k <= x.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                var xv = new Vector<double>(x, k);
                var yv = new Vector<double>(y, k);
                (vc * xv - vs * yv).CopyTo(x, k);
                (vs * xv + vc * yv).CopyTo(y, k);
            }
        }
        for (; k < x.Length; k++)
        {
            double h = y[k];
            y[k] = s * x[k] + c * h;
            x[k] = c * x[k] - s * h;
        }
    }

    static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}
