using System.Runtime.CompilerServices;

namespace Lgc.Tensors.Simd;

// The loop-holding kernels are AggressiveOptimization: their tier-0 code does not inline the IVec
// helpers and runs several times slower, and a short run (one `lgc compress`) never leaves tier 0.

/// <summary>Horizontal reductions with one vector of partial sums (then a scalar tail).</summary>
internal static unsafe class Reduce
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot<V>(float* a, float* b, int n) where V : struct, IVec<V>
    {
        V acc = V.Splat(0);
        int i = 0;
        for (; i + V.Lanes <= n; i += V.Lanes) acc = V.MulAdd(V.Load(ref a[i]), V.Load(ref b[i]), acc);
        float sum = HorizontalSum(acc);
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum<V>(float* a, int n) where V : struct, IVec<V>
    {
        V acc = V.Splat(0);
        int i = 0;
        for (; i + V.Lanes <= n; i += V.Lanes) acc = V.Add(V.Load(ref a[i]), acc);
        float sum = HorizontalSum(acc);
        for (; i < n; i++) sum += a[i];
        return sum;
    }

    private static float HorizontalSum<V>(V v) where V : struct, IVec<V>
    {
        float* t = stackalloc float[16];
        V.Store(ref t[0], v);
        float s = 0;
        for (int i = 0; i < V.Lanes; i++) s += t[i];
        return s;
    }
}
