using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lgc.Tensors;

/// <summary>
/// The integer hyper-synthesis h_s of the model contract: int64 activations, int32 weights and
/// biases, exact int64 accumulation, then <c>(acc + 2^(Fw-1)) &gt;&gt; Fw</c> (floor), optional
/// ReLU and a clamp to ±2^clampBits. Results are exact, so every backend and every thread
/// order gives the same bits.
/// </summary>
internal static class FixedPointOps
{
    /// <summary>PyTorch Conv2d semantics (weight [Cout, Cin, K, K]) in fixed point; dst must not alias x.</summary>
    public static void Conv2d(Conv2dDesc d, ReadOnlySpan<long> x, Shape xShape, ReadOnlySpan<int> weight,
        ReadOnlySpan<int> bias, int weightFracBits, bool relu, int clampBits, Span<long> dst)
    {
        Check.Conv(d);
        var os = CheckArgs(d.Cin, d.Cout * d.Cin * d.K * d.K, d.Cout, d.OutShape(xShape), x, xShape, weight, bias, weightFracBits, clampBits, dst);
        unsafe
        {
            fixed (long* px = x, pd = dst)
            fixed (int* pw = weight, pb = bias)
            {
                var a = new Args((nint)px, xShape, (nint)pw, (nint)pb, (nint)pd, os, weightFracBits, relu, clampBits, FitsInt32(x));
                Parallel.For(0, d.Cout, co => ConvChannel(d, a, co));
            }
        }
    }

    /// <summary>PyTorch ConvTranspose2d semantics (weight [Cin, Cout, K, K]) in fixed point; dst must not alias x.</summary>
    public static void ConvTranspose2d(ConvTranspose2dDesc d, ReadOnlySpan<long> x, Shape xShape, ReadOnlySpan<int> weight,
        ReadOnlySpan<int> bias, int weightFracBits, bool relu, int clampBits, Span<long> dst)
    {
        Check.ConvT(d);
        var os = CheckArgs(d.Cin, d.Cin * d.Cout * d.K * d.K, d.Cout, d.OutShape(xShape), x, xShape, weight, bias, weightFracBits, clampBits, dst);
        unsafe
        {
            fixed (long* px = x, pd = dst)
            fixed (int* pw = weight, pb = bias)
            {
                var a = new Args((nint)px, xShape, (nint)pw, (nint)pb, (nint)pd, os, weightFracBits, relu, clampBits, FitsInt32(x));
                Parallel.For(0, d.Cout, co => ConvTransposeChannel(d, a, co));
            }
        }
    }

    /// <summary>
    /// scale_index = count of i in [0, L-2] with table[i] &lt; scalesQ (so 0..L-1).
    /// The table is increasing, so this is a lower-bound binary search over its first L-1 entries.
    /// </summary>
    public static void ScaleIndices(ReadOnlySpan<long> scalesQ, ReadOnlySpan<int> scaleTable, Span<int> dst)
    {
        if (scaleTable.Length < 1) throw new ArgumentException("Scale table is empty.", nameof(scaleTable));
        for (int i = 1; i < scaleTable.Length; i++)
            if (scaleTable[i] < scaleTable[i - 1]) throw new ArgumentException("Scale table must be non-decreasing.", nameof(scaleTable));
        Check.Dst(dst, scalesQ.Length);
        var searched = scaleTable[..^1];
        for (int i = 0; i < scalesQ.Length; i++)
        {
            long s = scalesQ[i];
            int lo = 0, hi = searched.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (searched[mid] < s) lo = mid + 1; else hi = mid;
            }
            dst[i] = lo;
        }
    }

    /// <summary>Narrow: every activation fits in int32, so the 32×32→64-bit SIMD multiply is exact.</summary>
    private readonly record struct Args(nint X, Shape XShape, nint W, nint B, nint Dst, Shape OutShape, int Fw, bool Relu, int ClampBits, bool Narrow);

    private static bool FitsInt32(ReadOnlySpan<long> x)
    {
        foreach (long v in x)
            if (v != (int)v) return false;
        return true;
    }

    internal static Shape CheckArgs(int cin, int weightLength, int cout, Shape os, ReadOnlySpan<long> x, Shape xs,
        ReadOnlySpan<int> weight, ReadOnlySpan<int> bias, int fw, int clampBits, Span<long> dst)
    {
        Check.Shape(xs, "xShape");
        if (xs.C != cin) throw new ArgumentException($"Expected {cin} channels, xShape is {xs}.", "xShape");
        if (os.H <= 0 || os.W <= 0) throw new ArgumentException($"Input {xs} too small for this layer.", "xShape");
        if (fw is < 1 or > 62) throw new ArgumentOutOfRangeException("weightFracBits", fw, "Must be in [1, 62].");
        if (clampBits is < 0 or > 62) throw new ArgumentOutOfRangeException(nameof(clampBits), clampBits, "Must be in [0, 62].");
        Check.Length(x, xs.Length, nameof(x));
        Check.Length(weight, weightLength, nameof(weight));
        Check.Length(bias, cout, nameof(bias));
        Check.Dst(dst, os.Length);
        return os;
    }

    private static long Finish(long acc, in Args a)
    {
        long v = (acc + (1L << (a.Fw - 1))) >> a.Fw; // >> on long is arithmetic: floor division
        if (a.Relu && v < 0) v = 0;
        long lim = 1L << a.ClampBits;
        return Math.Clamp(v, -lim, lim);
    }

    // Both kernels accumulate one output channel in place in dst, one (ci, ky, kx) tap at a time
    // over whole rows: the valid column range of a tap is computed once, so the inner loop is a
    // bounds-free multiply-add. Integer sums are exact, so the tap order does not matter.

    private static unsafe void ConvChannel(Conv2dDesc d, in Args a, int co)
    {
        long* x = (long*)a.X, acc = (long*)a.Dst + (nint)co * a.OutShape.Plane;
        int* w = (int*)a.W + (nint)co * d.Cin * d.K * d.K;
        Shape xs = a.XShape, os = a.OutShape;
        int s = d.Stride;
        new Span<long>(acc, os.Plane).Fill(((int*)a.B)[co]);
        for (int ci = 0; ci < d.Cin; ci++)
        for (int ky = 0; ky < d.K; ky++)
        for (int kx = 0; kx < d.K; kx++)
        {
            long wv = *w++;
            if (wv == 0) continue;
            // ox with 0 <= ox*s - pad + kx < W
            int ox0 = Math.Max(0, CeilDiv(d.Pad - kx, s)), ox1 = Math.Min(os.W - 1, FloorDiv(xs.W - 1 + d.Pad - kx, s));
            for (int oy = 0; oy < os.H; oy++)
            {
                int iy = oy * s - d.Pad + ky;
                if ((uint)iy >= (uint)xs.H) continue;
                long* xr = x + ((nint)ci * xs.H + iy) * xs.W - d.Pad + kx, ar = acc + oy * os.W;
                int ox = ox0;
                if (s == 1 && a.Narrow) ox = MulAddRow(ar, xr, (int)wv, ox0, ox1 + 1);
                for (; ox <= ox1; ox++) ar[ox] += wv * xr[ox * s];
            }
        }
        for (int i = 0; i < os.Plane; i++) acc[i] = Finish(acc[i], a);
    }

    /// <summary>
    /// Scatter form: input (iy, ix) adds weight[ci, co, ky, kx] * x into output (iy*s - pad + ky,
    /// ix*s - pad + kx). Output columns are accumulated split by phase ox mod s ([s][Hout][Wq]
    /// scratch), so each tap's row is contiguous in both input and accumulator, then interleaved.
    /// </summary>
    private static unsafe void ConvTransposeChannel(ConvTranspose2dDesc d, in Args a, int co)
    {
        long* x = (long*)a.X;
        Shape xs = a.XShape, os = a.OutShape;
        int s = d.Stride, kk = d.K * d.K, wq = (os.W + s - 1) / s, phase = os.H * wq;
        long[] rented = ArrayPool<long>.Shared.Rent(s * phase);
        fixed (long* acc = rented)
        {
            new Span<long>(acc, s * phase).Fill(((int*)a.B)[co]);
            for (int ci = 0; ci < d.Cin; ci++)
            {
                int* w = (int*)a.W + ((nint)ci * d.Cout + co) * kk;
                for (int ky = 0; ky < d.K; ky++)
                for (int kx = 0; kx < d.K; kx++)
                {
                    long wv = w[ky * d.K + kx];
                    if (wv == 0) continue;
                    // ix with 0 <= ix*s - pad + kx < Wout; that output column is (ix + jo)*s + rx
                    int t = kx - d.Pad, rx = ((t % s) + s) % s, jo = (t - rx) / s;
                    int ix0 = Math.Max(0, CeilDiv(-t, s)), ix1 = Math.Min(xs.W - 1, FloorDiv(os.W - 1 - t, s));
                    for (int iy = 0; iy < xs.H; iy++)
                    {
                        int oy = iy * s - d.Pad + ky;
                        if ((uint)oy >= (uint)os.H) continue;
                        long* xr = x + ((nint)ci * xs.H + iy) * xs.W, ar = acc + rx * phase + oy * wq + jo;
                        int ix = a.Narrow ? MulAddRow(ar, xr, (int)wv, ix0, ix1 + 1) : ix0;
                        for (; ix <= ix1; ix++) ar[ix] += wv * xr[ix];
                    }
                }
            }
            long* dst = (long*)a.Dst + (nint)co * os.Plane;
            for (int oy = 0; oy < os.H; oy++)
            for (int ox = 0; ox < os.W; ox++)
                dst[oy * os.W + ox] = Finish(acc[(ox % s) * phase + oy * wq + ox / s], a);
        }
        ArrayPool<long>.Shared.Return(rented);
    }

    /// <summary>
    /// acc[i] += w * x[i] for i in [from, to), four at a time with vpmuldq (signed 32×32→64 on the
    /// low dword of each long, exact because every x fits in int32); returns where it stopped.
    /// </summary>
    private static unsafe int MulAddRow(long* acc, long* x, int w, int from, int to)
    {
        int i = from;
        if (!Avx2.IsSupported) return i;
        var wv = Vector256.Create(w);
        for (; i + 4 <= to; i += 4)
            Vector256.Store(Vector256.Load(acc + i) + Avx2.Multiply(Vector256.Load(x + i).AsInt32(), wv), acc + i);
        return i;
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
    private static int CeilDiv(int a, int b) => (int)Math.Ceiling((double)a / b);
}
