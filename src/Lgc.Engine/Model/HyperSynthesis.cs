using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>
/// h_s in exact integer arithmetic (docs/model-format.md): z_hat → means and scale indices.
/// Integers make the entropy coder's table choice identical on every backend and thread count.
/// </summary>
internal sealed class HyperSynthesis
{
    readonly ConvTranspose2dDesc _d0, _d1;
    readonly Conv2dDesc _c2;
    readonly int[] _w0, _b0, _w1, _b1, _w2, _b2, _scaleTable;
    readonly int _f, _fw, _clamp, _m;
    readonly FixedPointConv _l0, _l1, _l2; // the same integers through the int32 path where its bound holds

    public HyperSynthesis(IWeights w, ModelConfig c, int[] scaleTable)
    {
        int n = c.N, m = c.M;
        _d0 = new(n, n, 5, 2, 2, 1);
        _d1 = new(n, n, 5, 2, 2, 1);
        _c2 = new(n, 2 * m, 3, 1, 1);
        _w0 = w.Int("h_s.deconv0.weight_q", n, n, 5, 5); _b0 = w.Int("h_s.deconv0.bias_q", n);
        _w1 = w.Int("h_s.deconv1.weight_q", n, n, 5, 5); _b1 = w.Int("h_s.deconv1.bias_q", n);
        _w2 = w.Int("h_s.conv2.weight_q", 2 * m, n, 3, 3); _b2 = w.Int("h_s.conv2.bias_q", 2 * m);
        (_f, _fw, _clamp, _m) = (c.ActFracBits, c.WeightFracBits, c.ClampBits, m);
        _scaleTable = scaleTable;
        _l0 = FixedPointConv.Transposed(_d0, _w0, _b0, _fw, relu: true, _clamp);
        _l1 = FixedPointConv.Transposed(_d1, _w1, _b1, _fw, relu: true, _clamp);
        _l2 = FixedPointConv.Conv(_c2, _w2, _b2, _fw, relu: false, _clamp);
    }

    /// <summary>Per layer, the largest |activation| for which the int32 path is proven exact (docs/model-format.md).</summary>
    public (long Deconv0, long Deconv1, long Conv2) Int32Bounds => (_l0.MaxExactInput, _l1.MaxExactInput, _l2.MaxExactInput);

    /// <summary>The layers and integer weights, for the device-resident path (same descriptions, same tensors).</summary>
    internal (ConvTranspose2dDesc D0, ConvTranspose2dDesc D1, Conv2dDesc C2) Descs => (_d0, _d1, _c2);
    internal (int[] W0, int[] B0, int[] W1, int[] B1, int[] W2, int[] B2) IntWeights => (_w0, _b0, _w1, _b1, _w2, _b2);
    internal (int ActFracBits, int WeightFracBits, int ClampBits, int M) Fixed => (_f, _fw, _clamp, _m);
    internal int[] ScaleTable => _scaleTable;

    /// <summary>Integer multiply-accumulates for hyper-latents of shape z.</summary>
    public long Macs(Shape z)
    {
        var s1 = _d0.OutShape(z);
        var s2 = _d1.OutShape(s1);
        return (long)_d0.Cin * _d0.Cout * 25 * z.Plane + (long)_d1.Cin * _d1.Cout * 25 * s1.Plane
             + (long)_c2.Cout * _c2.Cin * 9 * _c2.OutShape(s2).Plane;
    }

    public sealed record Output(long[] Raw, float[] Means, int[] ScaleIndex, Shape YShape)
    {
        /// <summary>How many of the three layers ran on the int32 path (the rest on int64; the integers are the same).</summary>
        public int Int32Layers { get; init; }
    }

    public Output Run(ReadOnlySpan<int> zHat, Shape zShape)
    {
        var a = new long[zShape.Length];
        long lim = 1L << _clamp; // clamping the input too keeps every partial sum below 2^53 (exact in PyTorch's float64)
        for (int i = 0; i < a.Length; i++) a[i] = Math.Clamp((long)zHat[i] << _f, -lim, lim);
        var s1 = _d0.OutShape(zShape);
        var h1 = new long[s1.Length];
        int narrow = _l0.Forward(a, zShape, h1) ? 1 : 0;
        var s2 = _d1.OutShape(s1);
        var h2 = new long[s2.Length];
        narrow += _l1.Forward(h1, s1, h2) ? 1 : 0;
        var s3 = _c2.OutShape(s2);
        var o = new long[s3.Length];
        narrow += _l2.Forward(h2, s2, o) ? 1 : 0;

        var yShape = new Shape(_m, s3.H, s3.W);
        int count = yShape.Length;
        var means = new float[count];
        float inv = 1f / (1 << _f); // a power of two: the division is exact in float32 for |q| < 2^24
        for (int i = 0; i < count; i++) means[i] = o[i] * inv;
        var idx = new int[count];
        FixedPointOps.ScaleIndices(o.AsSpan(count, count), _scaleTable, idx);
        return new(o, means, idx, yShape) { Int32Layers = narrow };
    }
}
