using System.Runtime.CompilerServices;

namespace Lgc.Tensors.Simd;

// The loop-holding kernels are AggressiveOptimization: their tier-0 code does not inline the IVec
// helpers and runs several times slower, and a short run (one `lgc compress`) never leaves tier 0.

/// <summary>
/// dst[co][p] = bias[co] + sum_ci W[co][ci] * x[ci][p], vectorised over pixels p: the 1×1 conv
/// and the GDN norm. Weights are packed once as [Cout/4][Cin][4] so a 4-row × 2-vector tile
/// costs 2 loads + 4 broadcasts per 8 FMAs.
/// </summary>
internal sealed unsafe class Gemm
{
    private const int Rows = 4;
    private readonly Pinned _w, _b;
    public int Cin { get; }
    public int Cout { get; }

    public Gemm(int cin, int cout, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Cin = cin; Cout = cout;
        int blocks = (cout + Rows - 1) / Rows;
        _w = new Pinned(blocks * cin * Rows);
        _b = new Pinned(blocks * Rows);
        bias.CopyTo(_b.Array);
        for (int co = 0; co < cout; co++)
        for (int ci = 0; ci < cin; ci++)
            _w.Array[((co / Rows) * cin + ci) * Rows + co % Rows] = weight[co * cin + ci];
    }

    /// <summary>Runs on x [Cin][plane] into dst [Cout][plane]; one work item = 4 rows × a pixel chunk.</summary>
    public void Run(int maxLanes, float* x, int plane, float* dst)
    {
        const int chunk = 1024;
        int blocks = (Cout + Rows - 1) / Rows, chunks = (plane + chunk - 1) / chunk;
        nint xa = (nint)x, da = (nint)dst;
        Parallel.For(0, blocks * chunks, i =>
        {
            int rb = i % blocks, p0 = (i / blocks) * chunk;
            int p1 = Math.Min(p0 + chunk, plane);
            switch (maxLanes)
            {
                case >= 16: Tile<V512>(rb, (float*)xa, plane, (float*)da, p0, p1); break;
                case >= 8: Tile<V256>(rb, (float*)xa, plane, (float*)da, p0, p1); break;
                case >= 4: Tile<V128>(rb, (float*)xa, plane, (float*)da, p0, p1); break;
                default: Tile<V1>(rb, (float*)xa, plane, (float*)da, p0, p1); break;
            }
        });
    }

    private void Tile<V>(int rb, float* x, int plane, float* dst, int p0, int p1) where V : struct, IVec<V>
    {
        int L = V.Lanes, p = p0;
        int rows = Math.Min(Rows, Cout - rb * Rows);
        float* w = _w.Ptr + rb * Cin * Rows, b = _b.Ptr + rb * Rows;
        float* d = dst + (nint)rb * Rows * plane;
        for (; p + 2 * L <= p1; p += 2 * L) TwoVectors<V>(w, b, x + p, plane, d + p, rows);
        for (; p + L <= p1; p += L) OneVector<V>(w, b, x + p, plane, d + p, rows);
        for (; p < p1; p++) OneVector<V1>(w, b, x + p, plane, d + p, rows);
    }

    // Accumulators are stored to a stack buffer and copied out by pointer: passing them as call
    // arguments or storing them under a branch makes the JIT keep them in memory inside the loop.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TwoVectors<V>(float* w, float* b, float* xp, int plane, float* d, int rows) where V : struct, IVec<V>
    {
        int L = V.Lanes;
        float* tmp = stackalloc float[2 * Rows * 16];
        V a0 = V.Splat(b[0]), a1 = V.Splat(b[1]), a2 = V.Splat(b[2]), a3 = V.Splat(b[3]);
        V c0 = a0, c1 = a1, c2 = a2, c3 = a3;
        for (int ci = 0; ci < Cin; ci++, xp += plane, w += Rows)
        {
            V u = V.Load(ref xp[0]), v = V.Load(ref xp[L]);
            a0 = V.MulAddSplat(u, w[0], a0); c0 = V.MulAddSplat(v, w[0], c0);
            a1 = V.MulAddSplat(u, w[1], a1); c1 = V.MulAddSplat(v, w[1], c1);
            a2 = V.MulAddSplat(u, w[2], a2); c2 = V.MulAddSplat(v, w[2], c2);
            a3 = V.MulAddSplat(u, w[3], a3); c3 = V.MulAddSplat(v, w[3], c3);
        }
        V.Store(ref tmp[0], a0); V.Store(ref tmp[L], c0); V.Store(ref tmp[2 * L], a1); V.Store(ref tmp[3 * L], c1);
        V.Store(ref tmp[4 * L], a2); V.Store(ref tmp[5 * L], c2); V.Store(ref tmp[6 * L], a3); V.Store(ref tmp[7 * L], c3);
        CopyRows(tmp, 2 * L, d, plane, rows);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OneVector<V>(float* w, float* b, float* xp, int plane, float* d, int rows) where V : struct, IVec<V>
    {
        int L = V.Lanes;
        float* tmp = stackalloc float[Rows * 16];
        V a0 = V.Splat(b[0]), a1 = V.Splat(b[1]), a2 = V.Splat(b[2]), a3 = V.Splat(b[3]);
        for (int ci = 0; ci < Cin; ci++, xp += plane, w += Rows)
        {
            V u = V.Load(ref xp[0]);
            a0 = V.MulAddSplat(u, w[0], a0);
            a1 = V.MulAddSplat(u, w[1], a1);
            a2 = V.MulAddSplat(u, w[2], a2);
            a3 = V.MulAddSplat(u, w[3], a3);
        }
        V.Store(ref tmp[0], a0); V.Store(ref tmp[L], a1); V.Store(ref tmp[2 * L], a2); V.Store(ref tmp[3 * L], a3);
        CopyRows(tmp, L, d, plane, rows);
    }

    /// <summary>tmp holds [row][width]; copies the valid rows into the output planes.</summary>
    private static void CopyRows(float* tmp, int width, float* d, int plane, int rows)
    {
        for (int r = 0; r < rows; r++)
            new ReadOnlySpan<float>(tmp + r * width, width).CopyTo(new Span<float>(d + (nint)r * plane, width));
    }
}
