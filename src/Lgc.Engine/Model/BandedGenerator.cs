using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>
/// g_s over horizontal bands of latent rows, so a large image's decode never holds its whole-plane
/// activations (for 4096² and N = 64 one 2048² stage alone is 1 GiB). Each band runs the ordinary
/// <see cref="Generator"/> on its latent rows plus a halo; only the output rows the halo makes exact are kept.
/// </summary>
/// <remarks>
/// Why bands are exact: a stage is deconv(5, stride 2, pad 2, output_padding 1), IGDN (1x1 across
/// channels) or AdaIN, which in lgc-v1 is x·(1 + p) + q with p, q computed from the style vector alone:
/// no instance norm, so no statistic over the plane (<see cref="ModelConfig"/> refuses a model that
/// declares one). Deconv output row o reads input rows ceil((o-2)/2) .. floor((o+2)/2); chained four
/// times, output rows [16a, 16b) read latent rows a-1 .. b+1: one latent row of halo above, two below
/// (the tests check that one fewer on either side changes the output).
/// </remarks>
internal static class BandedGenerator
{
    public const int HaloAbove = 1, HaloBelow = 2;

    /// <summary>
    /// Latent rows per band so that one band's activations (everything <see cref="Generator.Run"/> allocates,
    /// halo included) stay within budgetBytes; the whole height when the whole image already does.
    /// </summary>
    public static int BandRows(Generator g, Shape y, long budgetBytes)
    {
        long perRow = g.ActivationFloats(y with { H = 1 }) * sizeof(float);
        if (perRow * y.H <= budgetBytes) return y.H;
        return (int)Math.Clamp(budgetBytes / perRow - HaloAbove - HaloBelow, 1, y.H);
    }

    /// <summary>Same as <see cref="Generator.Run"/>, computed bandRows latent rows at a time.</summary>
    public static Tensor Run(Generator g, Tensor yHat, ReadOnlySpan<float> style, int bandRows,
        int haloAbove = HaloAbove, int haloBelow = HaloBelow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bandRows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(haloAbove);
        ArgumentOutOfRangeException.ThrowIfNegative(haloBelow);
        var ys = yHat.Shape;
        var os = g.OutShape(ys);
        var x = new float[os.Length];
        for (int r0 = 0; r0 < ys.H; r0 += bandRows)
        {
            Band(g, yHat, style, r0, Math.Min(ys.H, r0 + bandRows), haloAbove, haloBelow, x, os);
            // The band's tensors are large-object-heap garbage now; left to the GC's own pace they pile up
            // (4096² with lgc-low: 2.9 GB peak instead of 1.1 GB), so reclaim them before the next band.
            GC.Collect();
        }
        return new Tensor(x, os);
    }

    /// <summary>Runs latent rows [r0, r1) with their halo and writes their exact output rows into x.</summary>
    static void Band(Generator g, Tensor yHat, ReadOnlySpan<float> style, int r0, int r1, int haloAbove, int haloBelow, float[] x, Shape os)
    {
        int h = yHat.Shape.H, scale = os.H / h;
        int a = Math.Max(0, r0 - haloAbove), b = Math.Min(h, r1 + haloBelow);
        var o = g.Run(Rows(yHat, a, b), style);
        if (o.Shape != os with { H = (b - a) * scale })
            throw new InvalidOperationException($"band of latent rows {a}..{b} gave {o.Shape}, not {scale}x its rows");
        // keep output rows [r0, r1) * scale, which sit (r0 - a) * scale rows into the band
        int keep = (r1 - r0) * scale * os.W;
        for (int c = 0; c < os.C; c++)
            Array.Copy(o.Data, (c * o.Shape.H + (r0 - a) * scale) * os.W, x, ((long)c * os.H + r0 * scale) * os.W, keep);
    }

    /// <summary>Latent rows [a, b) of every channel, as their own tensor.</summary>
    static Tensor Rows(Tensor y, int a, int b)
    {
        var s = y.Shape;
        var band = new Shape(s.C, b - a, s.W);
        var d = new float[band.Length];
        for (int c = 0; c < s.C; c++)
            Array.Copy(y.Data, (c * s.H + a) * s.W, d, c * band.Plane, band.Plane);
        return new Tensor(d, band);
    }
}
