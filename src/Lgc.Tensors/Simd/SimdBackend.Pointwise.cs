namespace Lgc.Tensors.Simd;

internal sealed partial class SimdBackend
{
    public void Relu(ReadOnlySpan<float> x, Span<float> dst) => Map<PositiveOr>(x, default, dst, OpCheck.Unary(x, dst), 0f);

    public void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> dst) => Map<PositiveOr>(x, default, dst, OpCheck.Unary(x, dst), slope);

    public void Sigmoid(ReadOnlySpan<float> x, Span<float> dst) => Map<Logistic>(x, default, dst, OpCheck.Unary(x, dst), 0f);

    public void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst) => Map<Plus>(a, b, dst, OpCheck.Binary(a, b, dst), 0f);

    public void AdaIn(ReadOnlySpan<float> x, Shape s, ReadOnlySpan<float> p, bool instanceNorm, Span<float> dst)
    {
        OpCheck.AdaIn(x, s, p, dst);
        int plane = s.Plane;
        for (int c = 0; c < s.C; c++)
        {
            var xc = x.Slice(c * plane, plane);
            var dc = dst.Slice(c * plane, plane);
            float gain = 1f + p[c], shift = p[s.C + c];
            if (instanceNorm) NormalizeAffine(xc, dc, gain, shift);
            else
            {
                dc.Fill(shift);
                Map<MulAddDst>(xc, dc, dc, plane, gain); // dst = x * gain + shift, one FMA per element
            }
        }
    }

    /// <summary>Instance norm in double (off the lgc-v1 path): x - mean first, since folding it into the shift cancels badly.</summary>
    private static void NormalizeAffine(ReadOnlySpan<float> xc, Span<float> dc, float gain, float shift)
    {
        double sum = 0, sq = 0;
        foreach (float v in xc) sum += v;
        double mean = sum / xc.Length;
        foreach (float v in xc) sq += (v - mean) * (v - mean);
        double scale = gain / Math.Sqrt(sq / xc.Length + 1e-5);
        for (int i = 0; i < xc.Length; i++) dc[i] = (float)((xc[i] - mean) * scale + shift);
    }

    private struct PositiveOr : IPointOp { public static T Apply<T>(T a, T b, T p) where T : struct, IVec<T> => T.PositiveOr(a, p); }
    private struct Plus : IPointOp { public static T Apply<T>(T a, T b, T p) where T : struct, IVec<T> => T.Add(a, b); }
    private struct MulAddDst : IPointOp { public static T Apply<T>(T a, T b, T p) where T : struct, IVec<T> => T.MulAdd(a, p, b); }

    private struct Logistic : IPointOp
    {
        public static T Apply<T>(T a, T b, T p) where T : struct, IVec<T>
        {
            T one = T.Splat(1f);
            return T.Div(one, T.Add(one, T.Exp(T.Sub(T.Splat(0f), a))));
        }
    }
}
