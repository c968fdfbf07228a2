using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>
/// A copy of Lgc.Tensors' internal argument checks (same messages and parameter names): the parity
/// harness' ArgumentTests require every backend to reject bad calls the same way.
/// </summary>
internal static class Check
{
    public static void Length<T>(ReadOnlySpan<T> s, int expected, string name)
    {
        if (s.Length != expected)
            throw new ArgumentException($"Expected {expected} elements, got {s.Length}.", name);
    }

    public static void Dst<T>(Span<T> s, int needed, string name = "dst")
    {
        if (s.Length < needed)
            throw new ArgumentException($"Destination is too short: needs {needed} elements, has {s.Length}.", name);
    }

    public static void Positive(int v, string name)
    {
        if (v <= 0) throw new ArgumentOutOfRangeException(name, v, "Must be positive.");
    }

    public static void Shape(Shape s, string name)
    {
        if (s.C <= 0 || s.H <= 0 || s.W <= 0)
            throw new ArgumentException($"Shape {s} must have positive dimensions.", name);
    }

    public static void Conv(Conv2dDesc d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Cin <= 0 || d.Cout <= 0 || d.K <= 0 || d.Stride <= 0 || d.Pad < 0)
            throw new ArgumentException($"Invalid {d}.", nameof(d));
    }

    public static void ConvT(ConvTranspose2dDesc d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Cin <= 0 || d.Cout <= 0 || d.K <= 0 || d.Stride <= 0 || d.Pad < 0
            || d.OutputPadding < 0 || d.OutputPadding >= d.Stride) // PyTorch: output_padding < stride
            throw new ArgumentException($"Invalid {d}.", nameof(d));
    }

    /// <summary>Checks x against a layer's input channels and a non-empty output; returns the output shape.</summary>
    public static Shape LayerInput(ReadOnlySpan<float> x, Shape xs, int cin, Shape outShape, Span<float> dst)
    {
        Shape(xs, "xShape");
        if (xs.C != cin) throw new ArgumentException($"Layer expects {cin} channels, xShape is {xs}.", "xShape");
        if (outShape.H <= 0 || outShape.W <= 0) throw new ArgumentException($"Input {xs} too small for this layer.", "xShape");
        Length(x, xs.Length, "x");
        Dst(dst, outShape.Length);
        return outShape;
    }
}

/// <summary>Per-op argument checks; each returns the output length the op writes.</summary>
internal static class OpCheck
{
    public static int Unary(ReadOnlySpan<float> x, Span<float> dst)
    {
        Check.Dst(dst, x.Length);
        return x.Length;
    }

    public static int Binary(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        Check.Length(b, a.Length, "b");
        Check.Dst(dst, a.Length);
        return a.Length;
    }

    public static void Linear(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, int inF, int outF, Span<float> dst)
    {
        Check.Positive(inF, nameof(inF));
        Check.Positive(outF, nameof(outF));
        Check.Length(x, inF, "x");
        Check.Length(w, checked(inF * outF), "weight");
        Check.Length(bias, outF, "bias");
        Check.Dst(dst, outF);
    }

    public static void AdaIn(ReadOnlySpan<float> x, Shape s, ReadOnlySpan<float> p, Span<float> dst)
    {
        Image(x, s, dst, s.Length);
        Check.Length(p, 2 * s.C, "p");
    }

    public static void Image(ReadOnlySpan<float> x, Shape s, Span<float> dst, int dstLength)
    {
        Check.Shape(s, "s");
        Check.Length(x, s.Length, "x");
        Check.Dst(dst, dstLength);
    }

    public static Shape Concat(ReadOnlySpan<float> a, Shape sa, ReadOnlySpan<float> b, Shape sb, Span<float> dst)
    {
        Check.Shape(sa, nameof(sa));
        Check.Shape(sb, nameof(sb));
        if (sa.H != sb.H || sa.W != sb.W) throw new ArgumentException($"Spatial sizes differ: {sa} vs {sb}.", nameof(sb));
        Check.Length(a, sa.Length, "a");
        Check.Length(b, sb.Length, "b");
        var so = new Shape(sa.C + sb.C, sa.H, sa.W);
        Check.Dst(dst, so.Length);
        return so;
    }

    public static Shape Upsample(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst)
    {
        Check.Positive(factor, nameof(factor));
        var so = new Shape(s.C, checked(s.H * factor), checked(s.W * factor));
        Image(x, s, dst, so.Length);
        return so;
    }

    public static Shape PixelShuffle(ReadOnlySpan<float> x, Shape s, int r, Span<float> dst)
    {
        Check.Positive(r, nameof(r));
        if (s.C % (r * r) != 0) throw new ArgumentException($"Channels of {s} not divisible by r*r = {r * r}.", nameof(s));
        var so = new Shape(s.C / (r * r), s.H * r, s.W * r);
        Image(x, s, dst, so.Length);
        return so;
    }

    public static Shape AvgPool(ReadOnlySpan<float> x, Shape s, int k, Span<float> dst)
    {
        Check.Positive(k, nameof(k));
        if (s.H % k != 0 || s.W % k != 0) throw new ArgumentException($"{s} not divisible by pool size {k}.", nameof(s));
        var so = new Shape(s.C, s.H / k, s.W / k);
        Image(x, s, dst, so.Length);
        return so;
    }

    public static void PerPixel<T>(ReadOnlySpan<float> x, Shape s, Span<T> dst)
    {
        Check.Shape(s, "s");
        Check.Length(x, s.Length, "x");
        Check.Dst(dst, s.Plane);
    }
}

/// <summary>The argument checks of <see cref="FixedPointOps"/> (private there), same names and messages.</summary>
internal static class FixedPointCheck
{
    public static Shape Args(int cin, int weightLength, int cout, Shape os, ReadOnlySpan<long> x, Shape xs,
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
}
