using Lgc.Tensors.Reference;

namespace Lgc.Tensors.Simd;

internal sealed partial class SimdBackend
{
    public void UpsampleNearest(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst)
    {
        var so = OpCheck.Upsample(x, s, factor, dst);
        for (int c = 0; c < s.C; c++)
        for (int y = 0; y < s.H; y++)
        {
            var src = x.Slice((c * s.H + y) * s.W, s.W);
            var first = dst.Slice((c * so.H + y * factor) * so.W, so.W);
            for (int ox = 0; ox < so.W; ox++) first[ox] = src[ox / factor];
            for (int r = 1; r < factor; r++) first.CopyTo(dst.Slice((c * so.H + y * factor + r) * so.W, so.W));
        }
    }

    /// <summary>
    /// Separable: interpolate every input row horizontally once (PyTorch's source indices), then
    /// each output row is a vectorised lerp of two of those rows. Parallel over channels.
    /// </summary>
    public unsafe void UpsampleBilinear(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst)
    {
        var so = OpCheck.Upsample(x, s, factor, dst);
        using var cols = new Scratch(3 * so.W);
        for (int ox = 0; ox < so.W; ox++)
        {
            var (x0, x1, l) = ReferenceBackend.SourceIndex(ox, s.W, factor);
            cols.Array[ox] = x0; cols.Array[so.W + ox] = x1; cols.Array[2 * so.W + ox] = (float)l;
        }
        fixed (float* px = x, pd = dst)
        {
            nint xa = (nint)px, da = (nint)pd;
            float[] tab = cols.Array;
            Parallel.For(0, s.C, c =>
            {
                using var rows = new Scratch(s.H * so.W);
                float* xc = (float*)xa + (nint)c * s.Plane;
                fixed (float* h = rows.Array)
                {
                    for (int y = 0; y < s.H; y++)
                    for (int ox = 0; ox < so.W; ox++)
                    {
                        float a = xc[y * s.W + (int)tab[ox]], b = xc[y * s.W + (int)tab[so.W + ox]], l = tab[2 * so.W + ox];
                        h[y * so.W + ox] = a + (b - a) * l;
                    }
                    for (int oy = 0; oy < so.H; oy++)
                    {
                        var (y0, y1, l) = ReferenceBackend.SourceIndex(oy, s.H, factor);
                        float* d = (float*)da + ((nint)c * so.H + oy) * so.W;
                        LerpRows(h + y0 * so.W, h + y1 * so.W, d, so.W, (float)l);
                    }
                }
            });
        }
    }

    private unsafe void LerpRows(float* a, float* b, float* d, int n, float t)
    {
        switch (MaxLanes)
        {
            case 16: Pointwise.Map<V512, Lerp>(a, b, d, n, t); break;
            case 8: Pointwise.Map<V256, Lerp>(a, b, d, n, t); break;
            case 4: Pointwise.Map<V128, Lerp>(a, b, d, n, t); break;
            default: Pointwise.Map<V1, Lerp>(a, b, d, n, t); break;
        }
    }

    private struct Lerp : IPointOp { public static T Apply<T>(T a, T b, T t) where T : struct, IVec<T> => T.MulAdd(T.Sub(b, a), t, a); }

    public void PixelShuffle(ReadOnlySpan<float> x, Shape s, int r, Span<float> dst)
    {
        var so = OpCheck.PixelShuffle(x, s, r, dst);
        for (int c = 0; c < so.C; c++)
        for (int i = 0; i < r; i++)
        for (int j = 0; j < r; j++)
        {
            var src = x.Slice((c * r * r + i * r + j) * s.Plane, s.Plane);
            for (int y = 0; y < s.H; y++)
            {
                var d = dst.Slice((c * so.H + y * r + i) * so.W + j);
                for (int xx = 0; xx < s.W; xx++) d[xx * r] = src[y * s.W + xx];
            }
        }
    }

    public void AvgPool(ReadOnlySpan<float> x, Shape s, int k, Span<float> dst)
    {
        var so = OpCheck.AvgPool(x, s, k, dst);
        float inv = 1f / (k * k);
        for (int c = 0; c < s.C; c++)
        for (int oy = 0; oy < so.H; oy++)
        {
            var d = dst.Slice((c * so.H + oy) * so.W, so.W);
            d.Clear();
            for (int ky = 0; ky < k; ky++)
            {
                var src = x.Slice((c * s.H + oy * k + ky) * s.W, s.W);
                for (int ix = 0; ix < s.W; ix++) d[ix / k] += src[ix];
            }
            for (int ox = 0; ox < so.W; ox++) d[ox] *= inv;
        }
    }

    public unsafe void GlobalAvgPool(ReadOnlySpan<float> x, Shape s, Span<float> dst)
    {
        OpCheck.Image(x, s, dst, s.C);
        fixed (float* px = x)
            for (int c = 0; c < s.C; c++)
            {
                float* xc = px + (nint)c * s.Plane;
                float sum = MaxLanes switch
                {
                    16 => Reduce.Sum<V512>(xc, s.Plane),
                    8 => Reduce.Sum<V256>(xc, s.Plane),
                    4 => Reduce.Sum<V128>(xc, s.Plane),
                    _ => Reduce.Sum<V1>(xc, s.Plane),
                };
                dst[c] = sum / s.Plane;
            }
    }
}
