using Lgc.Tensors;

namespace Lgc.Lab.Perception;

/// <summary>
/// The few ops the ResNet-18 feature network needs besides <see cref="IBackend"/>'s: plain CPU loops
/// with span signatures and argument checks (TensorPrimitives style).
/// </summary>
internal static class FeatureOps
{
    /// <summary>
    /// 3×3 max-pool, stride 2, padding top/left 1 and bottom/right 0 with −∞ (the CNTK export's max-pool).
    /// H and W must be even (then this is also PyTorch's symmetric padding 1): dst is [C, H/2, W/2].
    /// </summary>
    public static Shape MaxPool3x3Stride2(ReadOnlySpan<float> x, Shape s, Span<float> dst)
    {
        if (s.C <= 0 || s.H <= 0 || s.W <= 0) throw new ArgumentException($"Shape {s} must have positive dimensions.", nameof(s));
        if (s.H % 2 != 0 || s.W % 2 != 0) throw new ArgumentException($"Max-pool input {s} must have an even height and width.", nameof(s));
        if (x.Length != s.Length) throw new ArgumentException($"Expected {s.Length} elements, got {x.Length}.", nameof(x));
        var o = new Shape(s.C, s.H / 2, s.W / 2);
        if (dst.Length < o.Length) throw new ArgumentException($"Destination is too short: needs {o.Length} elements, has {dst.Length}.", nameof(dst));
        for (int c = 0; c < s.C; c++)
        {
            var src = x.Slice(c * s.Plane, s.Plane);
            var d = dst.Slice(c * o.Plane, o.Plane);
            for (int oy = 0; oy < o.H; oy++)
            {
                int y0 = Math.Max(2 * oy - 1, 0), y1 = 2 * oy + 1; // y1 <= H-1 since H is even
                for (int ox = 0; ox < o.W; ox++)
                {
                    int x0 = Math.Max(2 * ox - 1, 0), x1 = 2 * ox + 1;
                    float m = float.NegativeInfinity;
                    for (int y = y0; y <= y1; y++)
                    {
                        var row = src.Slice(y * s.W);
                        for (int xx = x0; xx <= x1; xx++) m = Math.Max(m, row[xx]);
                    }
                    d[oy * o.W + ox] = m;
                }
            }
        }
        return o;
    }

    /// <summary>dst = max(a + b, 0) element-wise (the residual join). dst may alias a or b.</summary>
    public static void AddRelu(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        if (b.Length != a.Length) throw new ArgumentException($"Expected {a.Length} elements, got {b.Length}.", nameof(b));
        if (dst.Length < a.Length) throw new ArgumentException($"Destination is too short: needs {a.Length} elements, has {dst.Length}.", nameof(dst));
        for (int i = 0; i < a.Length; i++) dst[i] = Math.Max(a[i] + b[i], 0f);
    }

    /// <summary>x = max(x, 0) in place.</summary>
    public static void ReluInPlace(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = Math.Max(x[i], 0f);
    }
}
