namespace Lgc.Tensors.Reference;

internal sealed partial class ReferenceBackend
{
    public void UpsampleNearest(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst)
    {
        var so = OpCheck.Upsample(x, s, factor, dst);
        for (int c = 0; c < s.C; c++)
        for (int oy = 0; oy < so.H; oy++)
        for (int ox = 0; ox < so.W; ox++)
            dst[(c * so.H + oy) * so.W + ox] = x[(c * s.H + oy / factor) * s.W + ox / factor];
    }

    public void UpsampleBilinear(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst)
    {
        var so = OpCheck.Upsample(x, s, factor, dst);
        for (int c = 0; c < s.C; c++)
        for (int oy = 0; oy < so.H; oy++)
        {
            var (y0, y1, ly) = SourceIndex(oy, s.H, factor);
            for (int ox = 0; ox < so.W; ox++)
            {
                var (x0, x1, lx) = SourceIndex(ox, s.W, factor);
                var plane = x.Slice(c * s.Plane, s.Plane);
                double v = (1 - ly) * ((1 - lx) * plane[y0 * s.W + x0] + lx * plane[y0 * s.W + x1])
                         + ly * ((1 - lx) * plane[y1 * s.W + x0] + lx * plane[y1 * s.W + x1]);
                dst[(c * so.H + oy) * so.W + ox] = (float)v;
            }
        }
    }

    /// <summary>
    /// PyTorch's area_pixel_compute_source_index (align_corners=false): src = (dst + 0.5) / f - 0.5,
    /// clamped at 0; the upper neighbour is clamped to the last pixel.
    /// </summary>
    internal static (int I0, int I1, double Lambda) SourceIndex(int dstIndex, int inSize, int factor)
    {
        double src = Math.Max((dstIndex + 0.5) / factor - 0.5, 0.0);
        int i0 = (int)src;
        int i1 = i0 < inSize - 1 ? i0 + 1 : i0;
        return (i0, i1, src - i0);
    }

    public void PixelShuffle(ReadOnlySpan<float> x, Shape s, int r, Span<float> dst)
    {
        var so = OpCheck.PixelShuffle(x, s, r, dst);
        for (int c = 0; c < so.C; c++)
        for (int oy = 0; oy < so.H; oy++)
        for (int ox = 0; ox < so.W; ox++)
        {
            int ci = c * r * r + (oy % r) * r + ox % r;
            dst[(c * so.H + oy) * so.W + ox] = x[(ci * s.H + oy / r) * s.W + ox / r];
        }
    }

    public void AvgPool(ReadOnlySpan<float> x, Shape s, int k, Span<float> dst)
    {
        var so = OpCheck.AvgPool(x, s, k, dst);
        for (int c = 0; c < s.C; c++)
        for (int oy = 0; oy < so.H; oy++)
        for (int ox = 0; ox < so.W; ox++)
        {
            double sum = 0;
            for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                sum += x[(c * s.H + oy * k + ky) * s.W + ox * k + kx];
            dst[(c * so.H + oy) * so.W + ox] = (float)(sum / (k * k));
        }
    }

    public void GlobalAvgPool(ReadOnlySpan<float> x, Shape s, Span<float> dst)
    {
        OpCheck.Image(x, s, dst, s.C);
        for (int c = 0; c < s.C; c++)
        {
            double sum = 0;
            foreach (float v in x.Slice(c * s.Plane, s.Plane)) sum += v;
            dst[c] = (float)(sum / s.Plane);
        }
    }
}
