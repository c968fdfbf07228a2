using Lgc.Tensors;

namespace Lgc.Model;

/// <summary>g_s: deconv + IGDN stages, each modulated AdaIN-style by the decoded style vector when S > 0.</summary>
internal sealed class Generator
{
    readonly IBackend _b;
    readonly ILayer[] _deconv;
    readonly ILayer[] _igdn;
    readonly LinearWeights[]? _adain;

    public Generator(LayerFactory f, int n, int m, int s)
    {
        _b = f.Backend;
        _deconv = [f.Deconv("g_s.deconv0", m, n, 5, 2), f.Deconv("g_s.deconv1", n, n, 5, 2),
                   f.Deconv("g_s.deconv2", n, n, 5, 2), f.Deconv("g_s.deconv3", n, 3, 5, 2)];
        _igdn = [f.Gdn("g_s.igdn0", n, true), f.Gdn("g_s.igdn1", n, true), f.Gdn("g_s.igdn2", n, true)];
        if (s > 0)
            _adain = [f.Linear("g_s.adain0", s, 2 * n), f.Linear("g_s.adain1", s, 2 * n), f.Linear("g_s.adain2", s, 2 * n)];
    }

    /// <summary>The stages, for the device-resident path: deconv i, then (but after the last) IGDN i and AdaIN i.</summary>
    internal IReadOnlyList<ILayer> Deconvs => _deconv;
    internal IReadOnlyList<ILayer> Igdns => _igdn;
    /// <summary>The AdaIN parameter maps style → [2N] per stage; null without texture.</summary>
    internal IReadOnlyList<LinearWeights>? AdaIns => _adain;

    /// <summary>y_hat [M,h,w] and the decoded style vector (null/empty without texture) → x_hat [3,16h,16w], unclamped.</summary>
    public Tensor Run(Tensor yHat, ReadOnlySpan<float> style)
    {
        if (_adain != null && style.Length != _adain[0].In)
            throw new ArgumentException($"style vector has {style.Length} values, the generator expects {_adain[0].In}", nameof(style));
        var x = yHat;
        for (int i = 0; i < _deconv.Length; i++)
        {
            x = Apply(_deconv[i], x);
            if (i == _deconv.Length - 1) break;
            x = Apply(_igdn[i], x);
            if (_adain != null)
            {
                var a = _adain[i];
                var p = new float[a.Out];
                _b.Linear(style, a.Weight, a.Bias, a.In, a.Out, p);
                var o = Tensor.Zeros(x.Shape);
                _b.AdaIn(x.Data, x.Shape, p, instanceNorm: false, o.Data);
                x = o;
            }
        }
        return x;
    }

    /// <summary>x_hat's shape for latents of shape y: [3, 16h, 16w].</summary>
    public Shape OutShape(Shape y)
    {
        foreach (var d in _deconv) y = d.OutShape(y);
        return y;
    }

    /// <summary>Floats of every tensor <see cref="Run"/> allocates for latents of shape y (all may be alive at once before a collection).</summary>
    public long ActivationFloats(Shape y)
    {
        long total = 0;
        for (int i = 0; i < _deconv.Length; i++)
        {
            y = _deconv[i].OutShape(y);
            // deconv output, then IGDN and AdaIN outputs of the same shape (but after the last deconv)
            total += y.Length * (i == _deconv.Length - 1 ? 1L : _adain != null ? 3 : 2);
        }
        return total;
    }

    public long Macs(Shape y)
    {
        long total = 0;
        for (int i = 0; i < _deconv.Length; i++)
        {
            total += ((CountedLayer)_deconv[i]).Macs(y);
            y = _deconv[i].OutShape(y);
            if (i == _deconv.Length - 1) break;
            total += ((CountedLayer)_igdn[i]).Macs(y);
            if (_adain != null) total += (long)_adain[i].In * _adain[i].Out;
        }
        return total;
    }

    static Tensor Apply(ILayer l, Tensor x)
    {
        var o = Tensor.Zeros(l.OutShape(x.Shape));
        l.Forward(x.Data, x.Shape, o.Data);
        return o;
    }
}
