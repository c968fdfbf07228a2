namespace Lgc.Tensors.Tests.Parity;

/// <summary>
/// How close a backend must be to the reference for one case: NMSE bound, and per element
/// |a-b| ≤ Atol·max|expected| + Rtol·|b| (Atol is relative to the output's scale).
/// </summary>
public sealed record Tolerance(double Nmse, double Atol, double Rtol)
{
    public static readonly Tolerance Default = new(1e-7, 1e-6, 1e-5);
    public static readonly Tolerance Exact = new(0, 0, 0);
}

public static class Compare
{
    /// <summary>sum (a-b)^2 / sum b^2 (0 when both are zero).</summary>
    public static double Nmse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            num += d * d;
            den += (double)b[i] * b[i];
        }
        return den == 0 ? num : num / den;
    }

    /// <summary>Asserts finiteness, NMSE and |a-b| ≤ atol·max|b| + rtol·|b| element by element.</summary>
    public static double AssertClose(float[] actual, float[] expected, Tolerance t, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (float v in expected)
        {
            Assert.True(float.IsFinite(v), $"{what}: reference produced {v}");
            scale = Math.Max(scale, Math.Abs(v));
        }
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"{what}: element {i} is {actual[i]}");
            double err = Math.Abs((double)actual[i] - expected[i]);
            double allowed = t.Atol * Math.Max(scale, 1e-30) + t.Rtol * Math.Abs(expected[i]);
            Assert.True(err <= allowed, $"{what}: element {i}: {actual[i]} vs {expected[i]} (|diff| {err:g3} > {allowed:g3})");
        }
        double nmse = Nmse(actual, expected);
        Assert.True(nmse <= t.Nmse, $"{what}: NMSE {nmse:g3} > {t.Nmse:g3}");
        return nmse;
    }
}
