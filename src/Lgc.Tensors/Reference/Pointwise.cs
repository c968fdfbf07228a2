namespace Lgc.Tensors.Reference;

internal sealed partial class ReferenceBackend
{
    public void Relu(ReadOnlySpan<float> x, Span<float> dst)
    {
        int n = OpCheck.Unary(x, dst);
        for (int i = 0; i < n; i++) dst[i] = x[i] > 0 ? x[i] : 0f;
    }

    public void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> dst)
    {
        int n = OpCheck.Unary(x, dst);
        for (int i = 0; i < n; i++) dst[i] = x[i] > 0 ? x[i] : x[i] * slope;
    }

    public void Sigmoid(ReadOnlySpan<float> x, Span<float> dst)
    {
        int n = OpCheck.Unary(x, dst);
        for (int i = 0; i < n; i++) dst[i] = (float)(1.0 / (1.0 + Math.Exp(-(double)x[i])));
    }

    public void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        int n = OpCheck.Binary(a, b, dst);
        for (int i = 0; i < n; i++) dst[i] = a[i] + b[i];
    }

    public void AdaIn(ReadOnlySpan<float> x, Shape s, ReadOnlySpan<float> p, bool instanceNorm, Span<float> dst)
    {
        OpCheck.AdaIn(x, s, p, dst);
        int plane = s.Plane;
        for (int c = 0; c < s.C; c++)
        {
            var xc = x.Slice(c * plane, plane);
            double mean = 0, invStd = 1;
            if (instanceNorm)
            {
                double sum = 0, sq = 0;
                foreach (float v in xc) sum += v;
                mean = sum / plane;
                foreach (float v in xc) sq += (v - mean) * (v - mean);
                invStd = 1 / Math.Sqrt(sq / plane + 1e-5); // biased variance, like InstanceNorm2d
            }
            double gain = 1.0 + p[c], shift = p[s.C + c];
            for (int i = 0; i < plane; i++) dst[c * plane + i] = (float)((xc[i] - mean) * invStd * gain + shift);
        }
    }
}
