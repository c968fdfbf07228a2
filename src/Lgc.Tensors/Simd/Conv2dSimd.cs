namespace Lgc.Tensors.Simd;

/// <summary>
/// Conv2d with weights packed once as [Cout/L][Cin][K][K][L] (zero lanes past Cout) and run by
/// <see cref="DirectConv"/>: one work item = one output row of one channel block.
/// </summary>
internal sealed unsafe class Conv2dSimd<V> : ILayer where V : struct, IVec<V>
{
    private readonly Conv2dDesc _d;
    private readonly Pinned _w, _b;
    private readonly int _blocks, _blockSize;

    public Conv2dSimd(Conv2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        int L = V.Lanes, k = d.K;
        _d = d;
        _blocks = (d.Cout + L - 1) / L;
        _blockSize = d.Cin * k * k * L;
        _w = new Pinned(_blocks * _blockSize);
        _b = new Pinned(_blocks * L);
        for (int co = 0; co < d.Cout; co++)
        {
            int cb = co / L, lane = co % L;
            _b.Array[co] = bias[co];
            for (int ci = 0; ci < d.Cin; ci++)
            for (int t = 0; t < k * k; t++)
                _w.Array[cb * _blockSize + (ci * k * k + t) * L + lane] = weight[(co * d.Cin + ci) * k * k + t];
        }
    }

    public Shape OutShape(Shape x) => _d.OutShape(x);

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        var os = Check.LayerInput(x, xs, _d.Cin, OutShape(xs), dst);
        int hp = xs.H + 2 * _d.Pad, wp = xs.W + 2 * _d.Pad;
        using var xp = new Scratch(xs.C * hp * wp);
        DirectConv.Pad(x, xs, xp.Span, hp, wp, _d.Pad, _d.Pad);
        fixed (float* px = xp.Array, pd = dst)
        {
            nint xAddr = (nint)px, dAddr = (nint)pd;
            var g = new ConvGeom(_d.Cin, hp * wp, wp, _d.K, _d.K, _d.Stride, os.Plane);
            Parallel.For(0, _blocks * os.H, i =>
            {
                int cb = i % _blocks, oy = i / _blocks, L = V.Lanes;
                DirectConv.Row<V>(g, _w.Ptr + cb * _blockSize, _b.Ptr + cb * L,
                    (float*)xAddr + oy * _d.Stride * wp, os.W,
                    (float*)dAddr + (nint)cb * L * os.Plane + oy * os.W, 1, Math.Min(L, _d.Cout - cb * L));
            });
        }
    }
}
