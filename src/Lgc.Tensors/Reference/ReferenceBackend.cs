namespace Lgc.Tensors.Reference;

/// <summary>
/// The oracle: plain scalar loops with double accumulation, written to be obviously
/// PyTorch's semantics. Slow by design; every other backend is tested against it.
/// </summary>
internal sealed partial class ReferenceBackend : IBackend
{
    public string Name => "reference";

    public ILayer Conv2d(Conv2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Check.Conv(d);
        Check.Length(weight, d.Cout * d.Cin * d.K * d.K, nameof(weight));
        Check.Length(bias, d.Cout, nameof(bias));
        return new Conv2dRef(d, weight.ToArray(), bias.ToArray());
    }

    public ILayer ConvTranspose2d(ConvTranspose2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Check.ConvT(d);
        Check.Length(weight, d.Cin * d.Cout * d.K * d.K, nameof(weight));
        Check.Length(bias, d.Cout, nameof(bias));
        return new ConvTranspose2dRef(d, weight.ToArray(), bias.ToArray());
    }

    public ILayer Gdn(int channels, ReadOnlySpan<float> beta, ReadOnlySpan<float> gamma, bool inverse)
    {
        Check.Positive(channels, nameof(channels));
        Check.Length(beta, channels, nameof(beta));
        Check.Length(gamma, channels * channels, nameof(gamma));
        return new GdnRef(channels, beta.ToArray(), gamma.ToArray(), inverse);
    }

    public void Linear(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inF, int outF, Span<float> dst)
    {
        OpCheck.Linear(x, weight, bias, inF, outF, dst);
        for (int o = 0; o < outF; o++)
        {
            double acc = bias[o];
            for (int i = 0; i < inF; i++) acc += (double)weight[o * inF + i] * x[i];
            dst[o] = (float)acc;
        }
    }
}
