using Lgc.Entropy;

namespace Lgc.Bench;

/// <summary>
/// Bench-only Gaussian table maker (the library never builds tables from floats; the tests have
/// the full builder). Discretized N(0, scale) on ±6σ quantized to 16-bit frequencies ≥ 1 + escape.
/// </summary>
internal static class EntropyTableBuilder
{
    public static (int[] cdf, int offset) Gaussian(double scale)
    {
        int half = Math.Max(1, (int)Math.Ceiling(scale * 6));
        int n = 2 * half + 1;
        var freq = new int[n + 1];
        long sum = 0;
        for (int k = 0; k < n; k++)
        {
            double x = k - half;
            double p = Phi((x + 0.5) / scale) - Phi((x - 0.5) / scale);
            freq[k] = Math.Max(1, (int)Math.Round(p * 65536));
            sum += freq[k];
        }
        freq[n] = 1; // escape
        sum += 1;
        freq[half] += (int)(65536 - sum); // rounding error to the mode
        var cdf = new int[n + 2];
        for (int i = 0; i <= n; i++) cdf[i + 1] = cdf[i] + freq[i];
        return (cdf, -half);
    }

    public static CdfTables Single(double scale)
    {
        var (cdf, offset) = Gaussian(scale);
        return new CdfTables(cdf, 1, cdf.Length, new[] { cdf.Length }, new[] { offset });
    }

    /// <summary>Values drawn from the table's own distribution (escape → one past the window).</summary>
    public static int[] Sample(CdfTables t, int count, int seed)
    {
        var rng = new Random(seed);
        var cdf = t.Cdf(0).ToArray();
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            int s = Array.BinarySearch(cdf, rng.Next(65536));
            s = s >= 0 ? s : ~s - 1;
            values[i] = t.Offset(0) + s; // s = escape lands just past the window
        }
        return values;
    }

    private static double Phi(double x)
    {
        // Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7: plenty for bench tables.
        double z = Math.Abs(x) / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
