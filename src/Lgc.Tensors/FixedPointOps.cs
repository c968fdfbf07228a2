namespace Lgc.Tensors;

/// <summary>
/// The integer hyper-synthesis h_s of the model contract: int64 activations, int32 weights and
/// biases, exact int64 accumulation, then <c>(acc + 2^(Fw-1)) &gt;&gt; Fw</c> (floor), optional
/// ReLU and a clamp to ±2^clampBits. Results are exact, so every backend and every thread
/// order gives the same bits.
/// </summary>
public static class FixedPointOps
{
    /// <summary>PyTorch Conv2d semantics (weight [Cout, Cin, K, K]) in fixed point.</summary>
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
                var a = new Args((nint)px, xShape, (nint)pw, (nint)pb, (nint)pd, os, weightFracBits, relu, clampBits);
                Parallel.For(0, d.Cout, co => ConvChannel(d, a, co));
            }
        }
    }

    /// <summary>PyTorch ConvTranspose2d semantics (weight [Cin, Cout, K, K]) in fixed point.</summary>
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
                var a = new Args((nint)px, xShape, (nint)pw, (nint)pb, (nint)pd, os, weightFracBits, relu, clampBits);
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

    private readonly record struct Args(nint X, Shape XShape, nint W, nint B, nint Dst, Shape OutShape, int Fw, bool Relu, int ClampBits);

    private static Shape CheckArgs(int cin, int weightLength, int cout, Shape os, ReadOnlySpan<long> x, Shape xs,
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

    private static unsafe void ConvChannel(Conv2dDesc d, in Args a, int co)
    {
        long* x = (long*)a.X, dst = (long*)a.Dst;
        int* w = (int*)a.W;
        Shape xs = a.XShape, os = a.OutShape;
        int k = d.K;
        for (int oy = 0; oy < os.H; oy++)
        for (int ox = 0; ox < os.W; ox++)
        {
            long acc = ((int*)a.B)[co];
            for (int ci = 0; ci < d.Cin; ci++)
            for (int ky = 0; ky < k; ky++)
            {
                int iy = oy * d.Stride - d.Pad + ky;
                if ((uint)iy >= (uint)xs.H) continue;
                for (int kx = 0; kx < k; kx++)
                {
                    int ix = ox * d.Stride - d.Pad + kx;
                    if ((uint)ix >= (uint)xs.W) continue;
                    acc += w[((co * d.Cin + ci) * k + ky) * k + kx] * x[(ci * xs.H + iy) * xs.W + ix];
                }
            }
            dst[(co * os.H + oy) * os.W + ox] = Finish(acc, a);
        }
    }

    /// <summary>Gather form of the transposed conv: output (oy, ox) reads input (oy + pad - ky) / s where divisible.</summary>
    private static unsafe void ConvTransposeChannel(ConvTranspose2dDesc d, in Args a, int co)
    {
        long* x = (long*)a.X, dst = (long*)a.Dst;
        int* w = (int*)a.W;
        Shape xs = a.XShape, os = a.OutShape;
        int k = d.K, s = d.Stride;
        for (int oy = 0; oy < os.H; oy++)
        for (int ox = 0; ox < os.W; ox++)
        {
            long acc = ((int*)a.B)[co];
            for (int ky = 0; ky < k; ky++)
            {
                int ty = oy + d.Pad - ky;
                if (ty < 0 || ty % s != 0 || ty / s >= xs.H) continue;
                for (int kx = 0; kx < k; kx++)
                {
                    int tx = ox + d.Pad - kx;
                    if (tx < 0 || tx % s != 0 || tx / s >= xs.W) continue;
                    for (int ci = 0; ci < d.Cin; ci++)
                        acc += w[((ci * d.Cout + co) * k + ky) * k + kx] * x[(ci * xs.H + ty / s) * xs.W + tx / s];
                }
            }
            dst[(co * os.H + oy) * os.W + ox] = Finish(acc, a);
        }
    }
}
