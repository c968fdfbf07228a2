using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lgc.Tensors;

/// <summary>
/// One layer of the integer h_s (<see cref="FixedPointOps"/> semantics, the same bits) with its weights re-laid once
/// for an int32 path: int16 activations × int16 weights accumulated in int32 (vpdpwssd with AVX-VNNI, vpmaddwd with
/// AVX2, plain C# otherwise). The int32 path runs only when a bound proves it exact for this input:
/// every |x| ≤ 2^15 − 1 and max|x| · max over outputs of Σ|w| (over the taps that reach that output) + max|b| +
/// 2^(Fw−1) &lt; 2^31, so no partial sum can wrap. Any other input (absurd z_hat, escaped values) takes the int64
/// path of <see cref="FixedPointOps"/>; both give the contract's integers, so the choice never changes a bit.
/// </summary>
internal sealed class FixedPointConv
{
    const int CoBlock = 4;   // output channels per micro-kernel (broadcast weights)
    const int PxVecs = 2;    // pixel vectors per micro-kernel (8 int32 lanes each)
    const int PxBlock = 8 * PxVecs;
    const long SerialMacs = 4_000_000;

    readonly Conv2dDesc? _conv;
    readonly ConvTranspose2dDesc? _convT;
    readonly int[] _weight, _bias;
    readonly int _fw, _clampBits, _cin, _cout, _coBlocks;
    readonly bool _relu;
    readonly Phase[] _phases;

    /// <summary>Taps of one output phase: output (j·S + Py, i·S + Px) reads input (j·Step + Dy[t], i·Step + Dx[t]) of channel Ci[t].</summary>
    sealed record Phase(int Py, int Px, int[] Ci, int[] Dy, int[] Dx, int[] PackedWeights, int TapPairs);

    FixedPointConv(Conv2dDesc? conv, ConvTranspose2dDesc? convT, int cin, int cout, int[] weight, int[] bias,
        int fw, bool relu, int clampBits)
    {
        (_conv, _convT, _cin, _cout, _weight, _bias, _fw, _relu, _clampBits) = (conv, convT, cin, cout, weight, bias, fw, relu, clampBits);
        _coBlocks = (cout + CoBlock - 1) / CoBlock;
        _phases = conv is not null ? [ConvPhase(conv)] : TransposedPhases(convT!);
        MaxExactInput = ExactBound();
    }

    /// <summary>max|x| ≤ bound keeps every partial sum in int32: bound · max Σ|w| (over the taps of one output) + max|b| + 2^(Fw−1) &lt; 2^31.</summary>
    long ExactBound()
    {
        if (_fw > 30 || !_int16Weights) return 0;
        long maxBias = 0, maxTapSum = 0;
        foreach (int b in _bias) maxBias = Math.Max(maxBias, Math.Abs((long)b));
        foreach (var p in _phases)
            for (int co = 0; co < _cout; co++)
            {
                long s = 0;
                for (int t = 0; t < p.Ci.Length; t++) s += Math.Abs((long)UnpackWeight(p, t, co));
                maxTapSum = Math.Max(maxTapSum, s);
            }
        long room = int.MaxValue - maxBias - (1L << (_fw - 1));
        if (room < 0) return 0;
        return Math.Min(short.MaxValue, maxTapSum == 0 ? short.MaxValue : room / maxTapSum);
    }

    /// <summary>A fixed-point Conv2d (weight [Cout, Cin, K, K]); the arrays are kept, not copied.</summary>
    public static FixedPointConv Conv(Conv2dDesc d, int[] weight, int[] bias, int weightFracBits, bool relu, int clampBits)
    {
        Check.Conv(d);
        CheckParams(d.Cout * d.Cin * d.K * d.K, d.Cout, weight, bias, weightFracBits, clampBits);
        return new(d, null, d.Cin, d.Cout, weight, bias, weightFracBits, relu, clampBits);
    }

    /// <summary>A fixed-point ConvTranspose2d (weight [Cin, Cout, K, K]); the arrays are kept, not copied.</summary>
    public static FixedPointConv Transposed(ConvTranspose2dDesc d, int[] weight, int[] bias, int weightFracBits, bool relu, int clampBits)
    {
        Check.ConvT(d);
        CheckParams(d.Cin * d.Cout * d.K * d.K, d.Cout, weight, bias, weightFracBits, clampBits);
        return new(null, d, d.Cin, d.Cout, weight, bias, weightFracBits, relu, clampBits);
    }

    /// <summary>Tests and the bench: on this thread, always take the int64 path (to compare the two).</summary>
    internal static bool ForceInt64 { get => t_forceInt64; set => t_forceInt64 = value; }

    /// <summary>Tests: on this thread, run the plain C# micro-kernel even where AVX2 is present.</summary>
    internal static bool ForceScalar { get => t_forceScalar; set => t_forceScalar = value; }

    // Per thread, so a test that flips them cannot change what a test running beside it measures.
    [ThreadStatic] static bool t_forceInt64;
    [ThreadStatic] static bool t_forceScalar;

    public Shape OutShape(Shape x) => _conv?.OutShape(x) ?? _convT!.OutShape(x);

    /// <summary>The largest max|x| for which the int32 path is proven exact (0 when no input qualifies).</summary>
    public long MaxExactInput { get; }

    /// <summary>Runs the layer; returns true when the int32 path ran (false: the int64 path, same result).</summary>
    public bool Forward(ReadOnlySpan<long> x, Shape xShape, Span<long> dst)
    {
        long maxAbs = 0;
        foreach (long v in x) maxAbs = Math.Max(maxAbs, v == long.MinValue ? long.MaxValue : Math.Abs(v));
        if (maxAbs > MaxExactInput || ForceInt64)
        {
            if (_conv is not null) FixedPointOps.Conv2d(_conv, x, xShape, _weight, _bias, _fw, _relu, _clampBits, dst);
            else FixedPointOps.ConvTranspose2d(_convT!, x, xShape, _weight, _bias, _fw, _relu, _clampBits, dst);
            return false;
        }
        var os = FixedPointOps.CheckArgs(_cin, _weight.Length, _cout, OutShape(xShape), x, xShape, _weight, _bias, _fw, _clampBits, dst);
        RunInt32(x, xShape, os, dst);
        return true;
    }

    static void CheckParams(int weightLength, int cout, int[] weight, int[] bias, int fw, int clampBits)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        Check.Length<int>(weight, weightLength, nameof(weight));
        Check.Length<int>(bias, cout, nameof(bias));
        if (fw is < 1 or > 62) throw new ArgumentOutOfRangeException("weightFracBits", fw, "Must be in [1, 62].");
        if (clampBits is < 0 or > 62) throw new ArgumentOutOfRangeException(nameof(clampBits), clampBits, "Must be in [0, 62].");
    }

    // ---- phases: a conv is one phase; a stride-s transposed conv is s² small convs (sub-pixel form) ----

    static int UnpackWeight(Phase p, int t, int co)
    {
        int cb = co / CoBlock, c = co % CoBlock;
        int pair = p.PackedWeights[(cb * p.TapPairs + t / 2) * CoBlock + c];
        return (t & 1) == 0 ? (short)pair : pair >> 16;
    }

    Phase ConvPhase(Conv2dDesc d)
    {
        var (ci, dy, dx, w) = (new List<int>(), new List<int>(), new List<int>(), new List<int>());
        for (int c = 0; c < d.Cin; c++)
        for (int ky = 0; ky < d.K; ky++)
        for (int kx = 0; kx < d.K; kx++)
        {
            ci.Add(c); dy.Add(ky - d.Pad); dx.Add(kx - d.Pad);
            w.Add((c * d.K + ky) * d.K + kx); // offset inside weight[co]
        }
        return MakePhase(0, 0, ci, dy, dx, (co, t) => _weight[co * d.Cin * d.K * d.K + w[t]]);
    }

    Phase[] TransposedPhases(ConvTranspose2dDesc d)
    {
        var phases = new List<Phase>();
        int s = d.Stride, kk = d.K * d.K;
        for (int py = 0; py < s; py++)
        for (int px = 0; px < s; px++)
        {
            var (ci, dy, dx, w) = (new List<int>(), new List<int>(), new List<int>(), new List<int>());
            for (int c = 0; c < d.Cin; c++)
            for (int ky = 0; ky < d.K; ky++)
            for (int kx = 0; kx < d.K; kx++)
            {
                // output oy = iy·s − pad + ky, so for oy = j·s + py: iy = j + (py + pad − ky)/s when divisible
                int ty = py + d.Pad - ky, tx = px + d.Pad - kx;
                if (Mod(ty, s) != 0 || Mod(tx, s) != 0) continue;
                ci.Add(c); dy.Add(FloorDiv(ty, s)); dx.Add(FloorDiv(tx, s));
                w.Add(ky * d.K + kx);
            }
            phases.Add(MakePhase(py, px, ci, dy, dx, (co, t) => _weight[(ci[t] * d.Cout + co) * kk + w[t]]));
        }
        return phases.ToArray();
    }

    Phase MakePhase(int py, int px, List<int> ci, List<int> dy, List<int> dx, Func<int, int, int> weightOf)
    {
        int taps = ci.Count, pairs = (taps + 1) / 2;
        var packed = new int[_coBlocks * pairs * CoBlock];
        for (int co = 0; co < _cout; co++)
        for (int t = 0; t < taps; t++)
        {
            int w = weightOf(co, t);
            if (w != (short)w) // weights beyond int16: this layer always takes the int64 path
            {
                _int16Weights = false;
                return new(py, px, ci.ToArray(), dy.ToArray(), dx.ToArray(), [], pairs);
            }
            int at = ((co / CoBlock) * pairs + t / 2) * CoBlock + co % CoBlock;
            packed[at] = (t & 1) == 0 ? (packed[at] & unchecked((int)0xFFFF0000)) | (ushort)w : (packed[at] & 0xFFFF) | (w << 16);
        }
        return new(py, px, ci.ToArray(), dy.ToArray(), dx.ToArray(), packed, pairs);
    }

    bool _int16Weights = true; // cleared at load when a weight does not fit int16

    static int Mod(int a, int b) => ((a % b) + b) % b;
    static int FloorDiv(int a, int b) => (a - Mod(a, b)) / b;

    // ---- the int32 path ----

    unsafe void RunInt32(ReadOnlySpan<long> x, Shape xs, Shape os, Span<long> dst)
    {
        int s = _conv?.Stride ?? _convT!.Stride;
        int step = _conv is not null ? s : 1;         // input rows per output row inside a phase
        int outStride = _conv is not null ? 1 : s;    // phase grid → output grid
        fixed (long* px = x, pd = dst)
        {
            var a = (X: (nint)px, D: (nint)pd);
            foreach (var p in _phases)
            {
                int ph = (os.H - p.Py + outStride - 1) / outStride, pw = (os.W - p.Px + outStride - 1) / outStride;
                if (ph <= 0 || pw <= 0) continue;
                int pixels = ph * pw, padded = (pixels + PxBlock - 1) / PxBlock * PxBlock;
                int[] cols = ArrayPool<int>.Shared.Rent(p.TapPairs * padded);
                fixed (int* pc = cols)
                {
                    Im2ColPairs(p, (long*)a.X, xs, ph, pw, step, pc, padded);
                    var job = (Cols: (nint)pc, Padded: padded, Ph: ph, Pw: pw);
                    int pxBlocks = padded / PxBlock;
                    bool scalar = ForceScalar || !Avx2.IsSupported;
                    int blocks = _coBlocks * pxBlocks;
                    // Below a few million multiply-adds (h_s's first layers at 256²) a second thread costs more than it saves.
                    if ((long)blocks * p.TapPairs * CoBlock * PxBlock * 2 < SerialMacs)
                        for (int blk = 0; blk < blocks; blk++)
                            Block(p, pc, padded, blk / pxBlocks, blk % pxBlocks * PxBlock, ph, pw, outStride, os, pd, scalar);
                    else
                        Parallel.For(0, blocks, blk =>
                            Block(p, (int*)job.Cols, job.Padded, blk / pxBlocks, blk % pxBlocks * PxBlock,
                                  job.Ph, job.Pw, outStride, os, (long*)a.D, scalar));
                }
                ArrayPool<int>.Shared.Return(cols);
            }
        }
    }

    /// <summary>cols[tp][pixel] = (x of tap 2tp, x of tap 2tp+1) as two int16 in one int32 (vpmaddwd's pair layout); 0 outside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // tier-0 vector code is ~10× slower, and these run few times per image
    static unsafe void Im2ColPairs(Phase p, long* x, Shape xs, int ph, int pw, int step, int* cols, int padded)
    {
        int taps = p.Ci.Length;
        new Span<int>(cols, p.TapPairs * padded).Clear();
        for (int t = 0; t < taps; t++)
        {
            int* row = cols + (t / 2) * padded;
            int shift = (t & 1) * 16;
            long* plane = x + (nint)p.Ci[t] * xs.Plane;
            for (int j = 0; j < ph; j++)
            {
                int iy = j * step + p.Dy[t];
                if ((uint)iy >= (uint)xs.H) continue;
                long* xr = plane + (nint)iy * xs.W;
                int* r = row + j * pw;
                for (int i = 0; i < pw; i++)
                {
                    int ix = i * step + p.Dx[t];
                    if ((uint)ix < (uint)xs.W) r[i] |= (int)((uint)(ushort)(short)xr[ix] << shift);
                }
            }
        }
    }

    /// <summary>CoBlock output channels × PxBlock pixels: acc = Σ_tp madd(cols, weight pair), then round-shift, ReLU, clamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // tier-0 vector code is ~10× slower, and these run few times per image
    unsafe void Block(Phase p, int* cols, int padded, int cb, int p0, int ph, int pw, int outStride, Shape os, long* dst, bool scalar)
    {
        Span<int> acc = stackalloc int[CoBlock * PxBlock];
        fixed (int* pw0 = p.PackedWeights)
        {
            int* wb = pw0 + (nint)cb * p.TapPairs * CoBlock;
            if (!scalar) BlockAvx2(cols + p0, padded, wb, p.TapPairs, acc);
            else BlockScalar(cols + p0, padded, wb, p.TapPairs, acc);
        }
        long lim = 1L << _clampBits;
        int round = 1 << (_fw - 1);
        for (int c = 0; c < CoBlock; c++)
        {
            int co = cb * CoBlock + c;
            if (co >= _cout) break;
            long* plane = dst + (nint)co * os.Plane;
            int bias = _bias[co];
            for (int k = 0; k < PxBlock; k++)
            {
                int pix = p0 + k;
                if (pix >= ph * pw) break;
                int v = (acc[c * PxBlock + k] + bias + round) >> _fw; // the bound keeps this sum inside int32
                long r = _relu && v < 0 ? 0 : v;
                r = Math.Clamp(r, -lim, lim);
                int oy = pix / pw * outStride + p.Py, ox = pix % pw * outStride + p.Px;
                plane[oy * os.W + ox] = r;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // tier-0 vector code is ~10× slower, and these run few times per image
    static unsafe void BlockAvx2(int* cols, int padded, int* w, int pairs, Span<int> acc)
    {
        Vector256<int> a00 = default, a01 = default, a10 = default, a11 = default,
                       a20 = default, a21 = default, a30 = default, a31 = default;
        for (int tp = 0; tp < pairs; tp++)
        {
            var x0 = Vector256.Load(cols + (nint)tp * padded).AsInt16();
            var x1 = Vector256.Load(cols + (nint)tp * padded + 8).AsInt16();
            int* wt = w + tp * CoBlock;
            var w0 = Vector256.Create(wt[0]).AsInt16();
            a00 = Madd(a00, x0, w0); a01 = Madd(a01, x1, w0);
            var w1 = Vector256.Create(wt[1]).AsInt16();
            a10 = Madd(a10, x0, w1); a11 = Madd(a11, x1, w1);
            var w2 = Vector256.Create(wt[2]).AsInt16();
            a20 = Madd(a20, x0, w2); a21 = Madd(a21, x1, w2);
            var w3 = Vector256.Create(wt[3]).AsInt16();
            a30 = Madd(a30, x0, w3); a31 = Madd(a31, x1, w3);
        }
        fixed (int* pa = acc)
        {
            a00.Store(pa); a01.Store(pa + 8); a10.Store(pa + 16); a11.Store(pa + 24);
            a20.Store(pa + 32); a21.Store(pa + 40); a30.Store(pa + 48); a31.Store(pa + 56);
        }
    }

    /// <summary>acc + x[2i]·w[2i] + x[2i+1]·w[2i+1] per int32 lane; exact here (the bound rules out wrapping).</summary>
    static Vector256<int> Madd(Vector256<int> acc, Vector256<short> x, Vector256<short> w) =>
        AvxVnni.IsSupported ? AvxVnni.MultiplyWideningAndAdd(acc, x, w) : Avx2.Add(acc, Avx2.MultiplyAddAdjacent(x, w));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // tier-0 vector code is ~10× slower, and these run few times per image
    static unsafe void BlockScalar(int* cols, int padded, int* w, int pairs, Span<int> acc)
    {
        acc.Clear();
        for (int tp = 0; tp < pairs; tp++)
        {
            int* xr = cols + (nint)tp * padded;
            for (int c = 0; c < CoBlock; c++)
            {
                int wp = w[tp * CoBlock + c];
                int w0 = (short)wp, w1 = wp >> 16;
                for (int k = 0; k < PxBlock; k++)
                {
                    int xp = xr[k];
                    acc[c * PxBlock + k] += (short)xp * w0 + (xp >> 16) * w1;
                }
            }
        }
    }
}
