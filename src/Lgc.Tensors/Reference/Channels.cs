namespace Lgc.Tensors.Reference;

internal sealed partial class ReferenceBackend
{
    public void Concat(ReadOnlySpan<float> a, Shape sa, ReadOnlySpan<float> b, Shape sb, Span<float> dst)
    {
        OpCheck.Concat(a, sa, b, sb, dst);
        for (int i = 0; i < a.Length; i++) dst[i] = a[i];
        for (int i = 0; i < b.Length; i++) dst[a.Length + i] = b[i];
    }

    public void SoftmaxChannels(ReadOnlySpan<float> x, Shape s, Span<float> dst)
    {
        OpCheck.Image(x, s, dst, s.Length);
        int plane = s.Plane;
        for (int p = 0; p < plane; p++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < s.C; c++) max = Math.Max(max, x[c * plane + p]);
            for (int c = 0; c < s.C; c++) sum += Math.Exp(x[c * plane + p] - max);
            for (int c = 0; c < s.C; c++) dst[c * plane + p] = (float)(Math.Exp(x[c * plane + p] - max) / sum);
        }
    }

    public void ArgmaxChannels(ReadOnlySpan<float> x, Shape s, Span<int> dst)
    {
        OpCheck.PerPixel(x, s, dst);
        int plane = s.Plane;
        for (int p = 0; p < plane; p++)
        {
            int best = 0;
            for (int c = 1; c < s.C; c++)
                if (x[c * plane + p] > x[best * plane + p]) best = c;
            dst[p] = best;
        }
    }
}
