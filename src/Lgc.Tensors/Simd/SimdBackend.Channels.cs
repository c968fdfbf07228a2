using System.Runtime.CompilerServices;

namespace Lgc.Tensors.Simd;

// The loop-holding kernels are AggressiveOptimization: their tier-0 code does not inline the IVec
// helpers and runs several times slower, and a short run (one `lgc compress`) never leaves tier 0.

internal sealed partial class SimdBackend
{
    public void Concat(ReadOnlySpan<float> a, Shape sa, ReadOnlySpan<float> b, Shape sb, Span<float> dst)
    {
        OpCheck.Concat(a, sa, b, sb, dst);
        a.CopyTo(dst);
        b.CopyTo(dst[a.Length..]);
    }

    /// <summary>Vectorised over pixels: each lane is one pixel walking down the channels.</summary>
    public unsafe void SoftmaxChannels(ReadOnlySpan<float> x, Shape s, Span<float> dst)
    {
        OpCheck.Image(x, s, dst, s.Length);
        fixed (float* px = x, pd = dst)
        {
            int p = MaxLanes switch
            {
                16 => Softmax<V512>(px, pd, s, 0),
                8 => Softmax<V256>(px, pd, s, 0),
                4 => Softmax<V128>(px, pd, s, 0),
                _ => 0,
            };
            Softmax<V1>(px, pd, s, p);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Softmax<V>(float* x, float* dst, Shape s, int p) where V : struct, IVec<V>
    {
        int plane = s.Plane;
        for (; p + V.Lanes <= plane; p += V.Lanes)
        {
            V max = V.Load(ref x[p]);
            for (int c = 1; c < s.C; c++) max = V.Max(max, V.Load(ref x[c * plane + p]));
            V sum = V.Splat(0);
            for (int c = 0; c < s.C; c++)
            {
                V e = V.Exp(V.Sub(V.Load(ref x[c * plane + p]), max));
                V.Store(ref dst[c * plane + p], e);
                sum = V.Add(sum, e);
            }
            V inv = V.Div(V.Splat(1f), sum);
            for (int c = 0; c < s.C; c++) V.Store(ref dst[c * plane + p], V.Mul(V.Load(ref dst[c * plane + p]), inv));
        }
        return p;
    }

    /// <summary>Channel-major sweep (contiguous reads); strict &gt; keeps the lowest index on ties.</summary>
    public void ArgmaxChannels(ReadOnlySpan<float> x, Shape s, Span<int> dst)
    {
        OpCheck.PerPixel(x, s, dst);
        int plane = s.Plane;
        using var best = new Scratch(plane);
        var bv = best.Span;
        x[..plane].CopyTo(bv);
        dst[..plane].Clear();
        for (int c = 1; c < s.C; c++)
        {
            var xc = x.Slice(c * plane, plane);
            for (int p = 0; p < plane; p++)
                if (xc[p] > bv[p]) { bv[p] = xc[p]; dst[p] = c; }
        }
    }
}
