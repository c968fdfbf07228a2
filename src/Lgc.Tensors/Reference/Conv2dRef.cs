namespace Lgc.Tensors.Reference;

/// <summary>PyTorch Conv2d as the textbook six-deep loop, accumulated in double.</summary>
internal sealed class Conv2dRef(Conv2dDesc d, float[] weight, float[] bias) : ILayer
{
    public Shape OutShape(Shape x) => d.OutShape(x);

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        var os = Check.LayerInput(x, xs, d.Cin, OutShape(xs), dst);
        int k = d.K;
        for (int co = 0; co < d.Cout; co++)
        for (int oy = 0; oy < os.H; oy++)
        for (int ox = 0; ox < os.W; ox++)
        {
            double acc = bias[co];
            for (int ci = 0; ci < d.Cin; ci++)
            for (int ky = 0; ky < k; ky++)
            {
                int iy = oy * d.Stride - d.Pad + ky;
                if ((uint)iy >= (uint)xs.H) continue;
                for (int kx = 0; kx < k; kx++)
                {
                    int ix = ox * d.Stride - d.Pad + kx;
                    if ((uint)ix >= (uint)xs.W) continue;
                    acc += (double)weight[((co * d.Cin + ci) * k + ky) * k + kx] * x[(ci * xs.H + iy) * xs.W + ix];
                }
            }
            dst[(co * os.H + oy) * os.W + ox] = (float)acc;
        }
    }
}
