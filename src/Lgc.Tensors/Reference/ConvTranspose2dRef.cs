namespace Lgc.Tensors.Reference;

/// <summary>
/// PyTorch ConvTranspose2d by its definition: every input pixel scatters weight[ci, co] into
/// output (iy*s - pad + ky, ix*s - pad + kx); taps landing outside the output are dropped.
/// </summary>
internal sealed class ConvTranspose2dRef(ConvTranspose2dDesc d, float[] weight, float[] bias) : ILayer
{
    public Shape OutShape(Shape x) => d.OutShape(x);

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        var os = Check.LayerInput(x, xs, d.Cin, OutShape(xs), dst);
        int k = d.K;
        var acc = new double[os.Length];
        for (int co = 0; co < d.Cout; co++)
            acc.AsSpan(co * os.Plane, os.Plane).Fill(bias[co]);
        for (int ci = 0; ci < d.Cin; ci++)
        for (int iy = 0; iy < xs.H; iy++)
        for (int ix = 0; ix < xs.W; ix++)
        {
            double v = x[(ci * xs.H + iy) * xs.W + ix];
            for (int co = 0; co < d.Cout; co++)
            for (int ky = 0; ky < k; ky++)
            {
                int oy = iy * d.Stride - d.Pad + ky;
                if ((uint)oy >= (uint)os.H) continue;
                for (int kx = 0; kx < k; kx++)
                {
                    int ox = ix * d.Stride - d.Pad + kx;
                    if ((uint)ox >= (uint)os.W) continue;
                    acc[(co * os.H + oy) * os.W + ox] += v * weight[((ci * d.Cout + co) * k + ky) * k + kx];
                }
            }
        }
        for (int i = 0; i < os.Length; i++) dst[i] = (float)acc[i];
    }
}
