namespace Lgc.Tensors.Simd;

/// <summary>GDN/IGDN as norm = beta + gamma · x² (a <see cref="Gemm"/> on squared input), then x / sqrt(norm) or x * sqrt(norm).</summary>
internal sealed unsafe class GdnSimd<V>(int c, ReadOnlySpan<float> beta, ReadOnlySpan<float> gamma, bool inverse) : ILayer
    where V : struct, IVec<V>
{
    private readonly Gemm _gemm = new(c, c, gamma, beta);

    public Shape OutShape(Shape x) => x;

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        Check.LayerInput(x, xs, c, xs, dst);
        int n = xs.Length;
        using var sq = new Scratch(n);
        fixed (float* px = x, pd = dst, ps = sq.Array)
        {
            Pointwise.Map<V, Square>(px, null, ps, n, default);
            _gemm.Run(V.Lanes, ps, xs.Plane, pd);
            if (inverse) Pointwise.Map<V, MulSqrt>(px, pd, pd, n, default);
            else Pointwise.Map<V, DivSqrt>(px, pd, pd, n, default);
        }
    }

    private struct Square : IPointOp { public static T Apply<T>(T a, T b, T p) where T : struct, IVec<T> => T.Mul(a, a); }
    private struct MulSqrt : IPointOp { public static T Apply<T>(T a, T b, T p) where T : struct, IVec<T> => T.Mul(a, T.Sqrt(b)); }
    private struct DivSqrt : IPointOp { public static T Apply<T>(T a, T b, T p) where T : struct, IVec<T> => T.Div(a, T.Sqrt(b)); }
}
