using Xunit;
using Lgc.Entropy;

namespace Lgc.Entropy.Tests;

/// <summary>
/// Test-only: quantizes Gaussian / Laplace / arbitrary pmfs to integer CDF rows (the library
/// never builds tables from floats). Row layout: symbols 0..n-1, escape n, cdf length n + 2.
/// </summary>
internal static class GaussianTableBuilder
{
    /// <summary>A table row plus the value of symbol 0.</summary>
    public sealed record Table(int[] Cdf, int Offset);

    /// <summary>Discretized zero-mean Gaussian on [-half, half], half ≈ tailSigmas · scale.</summary>
    public static Table Gaussian(double scale, double tailSigmas = 6, int precisionBits = 16)
        => Discretized(scale, tailSigmas, precisionBits, x => NormalCdf(x));

    /// <summary>Discretized zero-mean Laplace with the given scale b.</summary>
    public static Table Laplace(double scale, double tailScales = 12, int precisionBits = 16)
        => Discretized(scale, tailScales, precisionBits,
            x => x < 0 ? 0.5 * Math.Exp(x) : 1 - 0.5 * Math.Exp(-x));

    private static Table Discretized(double scale, double tail, int precisionBits, Func<double, double> unitCdf)
    {
        int half = Math.Max(1, (int)Math.Ceiling(scale * tail));
        var pmf = new double[2 * half + 1];
        double sum = 0;
        for (int k = -half; k <= half; k++)
        {
            double p = unitCdf((k + 0.5) / scale) - unitCdf((k - 0.5) / scale);
            pmf[k + half] = p;
            sum += p;
        }
        return new Table(FromPmf(pmf, Math.Max(0, 1 - sum), precisionBits), -half);
    }

    /// <summary>
    /// Quantizes pmf (+ escape mass) to frequencies ≥ 1 summing to 2^precision; the rounding error
    /// is taken from / given to the largest frequencies.
    /// </summary>
    public static int[] FromPmf(ReadOnlySpan<double> pmf, double escapeMass, int precisionBits = 16)
    {
        int total = 1 << precisionBits;
        int n = pmf.Length + 1;
        if (n > total) throw new ArgumentException("more symbols than the precision allows");
        double mass = escapeMass;
        foreach (double p in pmf) mass += p;
        var freq = new int[n];
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            double p = i < pmf.Length ? pmf[i] : escapeMass;
            freq[i] = Math.Max(1, (int)Math.Round(p / mass * total));
            sum += freq[i];
        }
        long diff = total - sum;
        while (diff != 0)
        {
            int big = 0;
            for (int i = 1; i < n; i++) if (freq[i] > freq[big]) big = i;
            long step = diff > 0 ? diff : Math.Max(diff, 1 - freq[big]);
            freq[big] += (int)step;
            diff -= step;
        }
        return FromFrequencies(freq);
    }

    public static int[] FromFrequencies(ReadOnlySpan<int> freq)
    {
        var cdf = new int[freq.Length + 1];
        for (int i = 0; i < freq.Length; i++) cdf[i + 1] = cdf[i] + freq[i];
        return cdf;
    }

    /// <summary>Packs rows into the model-file layout [T, Lmax] (padding with zeros) and validates them.</summary>
    public static CdfTables Build(IReadOnlyList<Table> tables, int precisionBits = 16)
    {
        int lmax = 3;
        foreach (var t in tables) lmax = Math.Max(lmax, t.Cdf.Length);
        var cdf = new int[tables.Count * lmax];
        var len = new int[tables.Count];
        var off = new int[tables.Count];
        for (int t = 0; t < tables.Count; t++)
        {
            tables[t].Cdf.CopyTo(cdf, t * lmax);
            len[t] = tables[t].Cdf.Length;
            off[t] = tables[t].Offset;
        }
        return new CdfTables(cdf, tables.Count, lmax, len, off, precisionBits);
    }

    public static CdfTables Build(params Table[] tables) => Build((IReadOnlyList<Table>)tables);

    /// <summary>Draws a symbol (escape included) of row cdf with its integer probability.</summary>
    public static int SampleSymbol(int[] cdf, Random rng)
    {
        int f = rng.Next(cdf[^1]);
        int s = Array.BinarySearch(cdf, f);
        return s >= 0 ? s : ~s - 1;
    }

    /// <summary>Standard normal CDF via erfc (Numerical Recipes, |error| &lt; 1.2e-7).</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851638 +
            t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
