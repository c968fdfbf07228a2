using System.Runtime.CompilerServices;

namespace Lgc.Tensors.Simd;

// The loop-holding kernels are AggressiveOptimization: their tier-0 code does not inline the IVec
// helpers and runs several times slower, and a short run (one `lgc compress`) never leaves tier 0.

/// <summary>An element-wise op f(a, b, param), written once for every vector width.</summary>
internal interface IPointOp
{
    static abstract T Apply<T>(T a, T b, T param) where T : struct, IVec<T>;
}

internal static unsafe class Pointwise
{
    /// <summary>dst[i] = Op(a[i], b[i], param); b may be null for unary ops; dst may alias a or b.</summary>
    public static void Map<V, TOp>(float* a, float* b, float* dst, int n, float param)
        where V : struct, IVec<V> where TOp : struct, IPointOp
    {
        int i = Span<V, TOp>(a, b, dst, 0, n, param);
        Span<V1, TOp>(a, b, dst, i, n, param);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Span<V, TOp>(float* a, float* b, float* dst, int i, int n, float param)
        where V : struct, IVec<V> where TOp : struct, IPointOp
    {
        V p = V.Splat(param), zero = V.Splat(0);
        for (; i + V.Lanes <= n; i += V.Lanes)
            V.Store(ref dst[i], TOp.Apply(V.Load(ref a[i]), b == null ? zero : V.Load(ref b[i]), p));
        return i;
    }
}
