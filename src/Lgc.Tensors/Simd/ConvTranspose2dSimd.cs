namespace Lgc.Tensors.Simd;

/// <summary>
/// ConvTranspose2d by sub-pixel decomposition: output pixels with the same (oy+pad) mod s,
/// (ox+pad) mod s phase read a fixed subset of kernel taps from consecutive input pixels, so
/// each of the s*s phases is a small stride-1 conv with a flipped sub-kernel, packed once as
/// [phase][Cout/L][Cin][th][tw][L]. No zero-stuffing, no scatter, no atomics.
/// With pixelMajor (few output channels) the phases run on <see cref="PixelConv"/> instead,
/// packed with 4 channel lanes and vectors over output pixels.
/// </summary>
internal sealed unsafe class ConvTranspose2dSimd<V> : ILayer where V : struct, IVec<V>
{
    private readonly ConvTranspose2dDesc _d;
    private readonly Pinned[] _w; // per phase ry * s + rx
    private readonly int[] _blockSize;
    private readonly Pinned _b;
    private readonly int _blocks, _edge; // _edge: zero rows/cols before the input in the padded copy
    private readonly int _lanes; // channel lanes per packed block: V.Lanes, or 4 when pixel-major
    private readonly bool _pixelMajor;

    public ConvTranspose2dSimd(ConvTranspose2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, bool pixelMajor = false)
    {
        if (pixelMajor && d.Cout > PixelConv.MaxCout) throw new ArgumentException($"Pixel-major needs Cout ≤ {PixelConv.MaxCout}.", nameof(d));
        _pixelMajor = pixelMajor;
        int L = _lanes = pixelMajor ? PixelConv.MaxCout : V.Lanes, k = d.K, s = d.Stride;
        _d = d;
        _blocks = (d.Cout + L - 1) / L;
        _edge = (k + s - 1) / s - 1;
        _b = new Pinned(_blocks * L);
        bias.CopyTo(_b.Array);
        _w = new Pinned[s * s];
        _blockSize = new int[s * s];
        for (int ry = 0; ry < s; ry++)
        for (int rx = 0; rx < s; rx++)
        {
            int th = Taps(ry), tw = Taps(rx), ph = ry * s + rx;
            int bs = _blockSize[ph] = d.Cin * th * tw * L;
            var w = (_w[ph] = new Pinned(_blocks * bs)).Array;
            for (int co = 0; co < d.Cout; co++)
            for (int ci = 0; ci < d.Cin; ci++)
            for (int a = 0; a < th; a++)
            for (int b = 0; b < tw; b++)
            {
                // flipped: sub-kernel row a reads input row q - (th-1) + a, i.e. tap ky = ry + (th-1-a)*s
                int ky = ry + (th - 1 - a) * s, kx = rx + (tw - 1 - b) * s;
                w[(co / L) * bs + ((ci * th + a) * tw + b) * L + co % L] = weight[((ci * d.Cout + co) * k + ky) * k + kx];
            }
        }
    }

    /// <summary>Number of kernel taps k ≡ r (mod s).</summary>
    private int Taps(int r) => r < _d.K ? (_d.K - r + _d.Stride - 1) / _d.Stride : 0;

    public Shape OutShape(Shape x) => _d.OutShape(x);

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        var os = Check.LayerInput(x, xs, _d.Cin, OutShape(xs), dst);
        int s = _d.Stride, pad = _d.Pad;
        // rows/cols up to q = (out-1+pad)/s are read; those past the input are zeros
        int hp = Math.Max(xs.H, (os.H - 1 + pad) / s + 1) + _edge;
        int wp = Math.Max(xs.W, (os.W - 1 + pad) / s + 1) + _edge;
        using var xp = new Scratch(xs.C * hp * wp);
        DirectConv.Pad(x, xs, xp.Span, hp, wp, _edge, _edge);
        fixed (float* px = xp.Array, pd = dst)
        {
            nint xAddr = (nint)px, dAddr = (nint)pd;
            Parallel.For(0, _blocks * os.H, i => Row(i % _blocks, i / _blocks, (float*)xAddr, hp, wp, (float*)dAddr, os));
        }
    }

    private void Row(int cb, int oy, float* xp, int hp, int wp, float* dst, Shape os)
    {
        int s = _d.Stride, pad = _d.Pad, L = _lanes;
        int ry = (oy + pad) % s, th = Taps(ry);
        int iy0 = (oy + pad) / s - (th - 1) + _edge;
        for (int rx = 0; rx < s; rx++)
        {
            int ox0 = ((rx - pad) % s + s) % s;
            if (ox0 >= os.W) continue;
            int tw = Taps(rx), ph = ry * s + rx;
            int ix0 = (ox0 + pad) / s - (tw - 1) + _edge;
            var g = new ConvGeom(_d.Cin, hp * wp, wp, th, tw, 1, os.Plane);
            float* w = _w[ph].Ptr + cb * _blockSize[ph], x = xp + iy0 * wp + ix0;
            float* d = dst + (nint)cb * L * os.Plane + oy * os.W + ox0;
            int count = (os.W - 1 - ox0) / s + 1, valid = Math.Min(L, _d.Cout - cb * L);
            if (_pixelMajor) PixelConv.Row<V>(g, w, _b.Ptr, x, count, d, s, valid);
            else DirectConv.Row<V>(g, w, _b.Ptr + cb * L, x, count, d, s, valid);
        }
    }
}
