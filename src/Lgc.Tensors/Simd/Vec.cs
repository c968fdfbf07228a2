using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Lgc.Tensors.Simd;

/// <summary>
/// One vector width as a type, so each kernel is written once as a generic method and the JIT
/// specialises it per width (struct type arguments get their own code). Widths: 16, 8, 4, 1 lanes.
/// </summary>
internal interface IVec<TSelf> where TSelf : struct, IVec<TSelf>
{
    static abstract int Lanes { get; }
    static abstract TSelf Load(ref float p);
    static abstract void Store(ref float p, TSelf v);
    static abstract TSelf Splat(float x);
    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TSelf MulAdd(TSelf a, TSelf b, TSelf c);
    /// <summary>a * splat(x) + c in one expression, so the JIT can fold the broadcast into the FMA (AVX-512 {1to16}).</summary>
    static abstract TSelf MulAddSplat(TSelf a, float x, TSelf c);
    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract TSelf Sub(TSelf a, TSelf b);
    static abstract TSelf Mul(TSelf a, TSelf b);
    static abstract TSelf Div(TSelf a, TSelf b);
    static abstract TSelf Max(TSelf a, TSelf b);
    static abstract TSelf Sqrt(TSelf a);
    static abstract TSelf Exp(TSelf a);
    /// <summary>a where a &gt; 0, else a * b (ReLU with b = 0, LeakyReLU with b = slope).</summary>
    static abstract TSelf PositiveOr(TSelf a, TSelf b);
}

internal struct V512 : IVec<V512>
{
    public Vector512<float> V;
    public static int Lanes => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Load(ref float p) => new() { V = Vector512.LoadUnsafe(ref p) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ref float p, V512 v) => v.V.StoreUnsafe(ref p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Splat(float x) => new() { V = Vector512.Create(x) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 MulAdd(V512 a, V512 b, V512 c) => new() { V = Vector512.FusedMultiplyAdd(a.V, b.V, c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 MulAddSplat(V512 a, float x, V512 c) => new() { V = Vector512.FusedMultiplyAdd(a.V, Vector512.Create(x), c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Add(V512 a, V512 b) => new() { V = a.V + b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Sub(V512 a, V512 b) => new() { V = a.V - b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Mul(V512 a, V512 b) => new() { V = a.V * b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Div(V512 a, V512 b) => new() { V = a.V / b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Max(V512 a, V512 b) => new() { V = Vector512.Max(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Sqrt(V512 a) => new() { V = Vector512.Sqrt(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Exp(V512 a) => new() { V = Vector512.Exp(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 PositiveOr(V512 a, V512 b) =>
        new() { V = Vector512.ConditionalSelect(Vector512.GreaterThan(a.V, Vector512<float>.Zero), a.V, a.V * b.V) };
}

internal struct V256 : IVec<V256>
{
    public Vector256<float> V;
    public static int Lanes => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Load(ref float p) => new() { V = Vector256.LoadUnsafe(ref p) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ref float p, V256 v) => v.V.StoreUnsafe(ref p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Splat(float x) => new() { V = Vector256.Create(x) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 MulAdd(V256 a, V256 b, V256 c) => new() { V = MulAdd(a.V, b.V, c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 MulAddSplat(V256 a, float x, V256 c) => new() { V = MulAdd(a.V, Vector256.Create(x), c.V) };
    // the FMA test lives on raw vectors: a branch around the wrapper struct makes the JIT spill it to the stack
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Vector256.FusedMultiplyAdd(a, b, c) : a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Add(V256 a, V256 b) => new() { V = a.V + b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Sub(V256 a, V256 b) => new() { V = a.V - b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Mul(V256 a, V256 b) => new() { V = a.V * b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Div(V256 a, V256 b) => new() { V = a.V / b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Max(V256 a, V256 b) => new() { V = Vector256.Max(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Sqrt(V256 a) => new() { V = Vector256.Sqrt(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Exp(V256 a) => new() { V = Vector256.Exp(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 PositiveOr(V256 a, V256 b) =>
        new() { V = Vector256.ConditionalSelect(Vector256.GreaterThan(a.V, Vector256<float>.Zero), a.V, a.V * b.V) };
}

internal struct V128 : IVec<V128>
{
    public Vector128<float> V;
    public static int Lanes => 4;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Load(ref float p) => new() { V = Vector128.LoadUnsafe(ref p) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ref float p, V128 v) => v.V.StoreUnsafe(ref p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Splat(float x) => new() { V = Vector128.Create(x) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 MulAdd(V128 a, V128 b, V128 c) => new() { V = MulAdd(a.V, b.V, c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 MulAddSplat(V128 a, float x, V128 c) => new() { V = MulAdd(a.V, Vector128.Create(x), c.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Add(V128 a, V128 b) => new() { V = a.V + b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Sub(V128 a, V128 b) => new() { V = a.V - b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Mul(V128 a, V128 b) => new() { V = a.V * b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Div(V128 a, V128 b) => new() { V = a.V / b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Max(V128 a, V128 b) => new() { V = Vector128.Max(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Sqrt(V128 a) => new() { V = Vector128.Sqrt(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Exp(V128 a) => new() { V = Vector128.Exp(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 PositiveOr(V128 a, V128 b) =>
        new() { V = Vector128.ConditionalSelect(Vector128.GreaterThan(a.V, Vector128<float>.Zero), a.V, a.V * b.V) };
}

/// <summary>Scalar fallback, one lane; also what the vector kernels use for their tails.</summary>
internal struct V1 : IVec<V1>
{
    public float V;
    public static int Lanes => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Load(ref float p) => new() { V = p };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ref float p, V1 v) => p = v.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Splat(float x) => new() { V = x };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 MulAdd(V1 a, V1 b, V1 c) => new() { V = a.V * b.V + c.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 MulAddSplat(V1 a, float x, V1 c) => new() { V = a.V * x + c.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Add(V1 a, V1 b) => new() { V = a.V + b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Sub(V1 a, V1 b) => new() { V = a.V - b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Mul(V1 a, V1 b) => new() { V = a.V * b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Div(V1 a, V1 b) => new() { V = a.V / b.V };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Max(V1 a, V1 b) => new() { V = MathF.Max(a.V, b.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Sqrt(V1 a) => new() { V = MathF.Sqrt(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 Exp(V1 a) => new() { V = MathF.Exp(a.V) };
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V1 PositiveOr(V1 a, V1 b) => new() { V = a.V > 0 ? a.V : a.V * b.V };
}

/// <summary>Which widths this machine runs natively.</summary>
internal static class VecWidth
{
    /// <summary>
    /// Widest width the hardware executes. AVX-512 counts even where the runtime reports
    /// Vector512 as not accelerated (its default on Skylake/Cascade Lake, to avoid frequency
    /// throttling): these kernels are FMA-bound, and measured 1.5× faster at 512 bits there.
    /// </summary>
    public static int Max =>
        Vector512.IsHardwareAccelerated || Avx512F.IsSupported ? 16 :
        Vector256.IsHardwareAccelerated ? 8 :
        Vector128.IsHardwareAccelerated ? 4 : 1;

    /// <summary>Narrowest width (≤ maxLanes) covering n channels, so a 3-channel layer uses 4 lanes, not 16.</summary>
    public static int For(int n, int maxLanes)
    {
        foreach (int l in (ReadOnlySpan<int>)[1, 4, 8, 16])
            if (l >= n && l <= maxLanes) return l;
        return maxLanes;
    }
}
