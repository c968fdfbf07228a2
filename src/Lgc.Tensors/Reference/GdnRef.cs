namespace Lgc.Tensors.Reference;

/// <summary>Effective GDN: x_i / sqrt(beta_i + sum_j gamma[i,j] x_j^2); IGDN multiplies instead.</summary>
internal sealed class GdnRef(int c, float[] beta, float[] gamma, bool inverse) : ILayer
{
    public Shape OutShape(Shape x) => x;

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        Check.LayerInput(x, xs, c, xs, dst);
        int plane = xs.Plane;
        for (int p = 0; p < plane; p++)
        for (int i = 0; i < c; i++)
        {
            double norm = beta[i];
            for (int j = 0; j < c; j++)
            {
                double xj = x[j * plane + p];
                norm += gamma[i * c + j] * xj * xj;
            }
            double xi = x[i * plane + p];
            dst[i * plane + p] = (float)(inverse ? xi * Math.Sqrt(norm) : xi / Math.Sqrt(norm));
        }
    }
}
