using ILGPU;
using Lgc.Kernels;
using Lgc.Tensors;

namespace Lgc.Device;

/// <summary>
/// The decoder for one z shape, device-resident, in two queued stages with one synchronisation each:
/// <see cref="EnqueueHyper"/> (z_hat → integer h_s → scale indices, means) — the CPU range decoder
/// needs the indices before it can decode y — then <see cref="EnqueueSynthesis"/> (y_sym → y_hat =
/// y_sym + means on the device → g_s: deconv, IGDN, AdaIN from the style → x_hat).
/// </summary>
internal sealed class DecodePlan : IDisposable
{
    readonly DeviceQueue _q;
    readonly DeviceArena _arena;
    readonly int[] _zHost, _idxHost, _ySymHost;
    readonly float[] _meansHost, _styleHost, _xHost;
    readonly ArrayView<int> _zHat, _ySym;
    readonly ArrayView<float> _yHat, _style;
    readonly ArrayView<float>[] _adainParams;
    readonly HyperPlan _hyper;
    readonly DeviceChain _gs;
    readonly DeviceModel _m;

    public Shape ZShape { get; }
    public Shape YShape => _hyper.YShape;
    public Shape XShape => _gs.OutShape;

    public DecodePlan(DeviceModel m, Shape zShape)
    {
        (_m, _q, ZShape) = (m, m.Queue, zShape);
        _arena = _q.CreateArena();
        try
        {
            _zHat = _arena.Allocate<int>(zShape.Length);
            _zHost = DeviceQueue.Pinned<int>(zShape.Length);
            _hyper = new HyperPlan(m, _arena, _zHat, zShape);
            int ny = _hyper.YShape.Length;
            _idxHost = DeviceQueue.Pinned<int>(ny);
            _meansHost = DeviceQueue.Pinned<float>(ny);
            _ySymHost = DeviceQueue.Pinned<int>(ny);
            _ySym = _arena.Allocate<int>(ny);
            _yHat = _arena.Allocate<float>(ny);
            var a = m.AdaIns;
            _styleHost = DeviceQueue.Pinned<float>(a?[0].In ?? 0);
            _style = _arena.Allocate<float>(a?[0].In ?? 0);
            _adainParams = a?.Select(l => _arena.Allocate<float>(l.Out)).ToArray() ?? [];
            _gs = new DeviceChain(_arena, GeneratorSteps(), _yHat, _hyper.YShape);
            _xHost = DeviceQueue.Pinned<float>(_gs.OutShape.Length);
        }
        catch
        {
            _arena.Dispose();
            throw;
        }
    }

    /// <summary>g_s as device steps: deconv i, then (but after the last) IGDN i and AdaIN i with this plan's parameters.</summary>
    List<DeviceStep> GeneratorSteps()
    {
        var steps = new List<DeviceStep>();
        for (int i = 0; i < _m.Deconvs.Count; i++)
        {
            steps.Add(_m.Deconvs[i]);
            if (i == _m.Deconvs.Count - 1) break;
            steps.Add(_m.Igdns[i]);
            if (_adainParams.Length > 0)
            {
                var p = _adainParams[i];
                steps.Add(new(s => s, (x, xs, y) => _q.AdaIn(x, xs, p, y)));
            }
        }
        return steps;
    }

    /// <summary>Queues h_s for z_hat; after the synchronisation <see cref="ScaleIndex"/> and <see cref="Means"/> hold its outputs.</summary>
    public void EnqueueHyper(ReadOnlySpan<int> zHat, bool means)
    {
        zHat.CopyTo(_zHost);
        _q.CopyIn(_zHost, _zHat);
        _hyper.Enqueue();
        _q.CopyOut(_hyper.ScaleIndex, _idxHost);
        if (means) _q.CopyOut(_hyper.Means, _meansHost);
    }

    public ReadOnlySpan<int> ScaleIndex => _idxHost;
    public ReadOnlySpan<float> Means => _meansHost;

    /// <summary>Queues y_hat = y_sym + means and g_s (after <see cref="EnqueueHyper"/> on the same plan); <see cref="Image"/> after the synchronisation.</summary>
    public void EnqueueSynthesis(ReadOnlySpan<int> ySym, ReadOnlySpan<float> style)
    {
        ySym.CopyTo(_ySymHost);
        _q.CopyIn(_ySymHost, _ySym);
        _q.Dequantize(_ySym, _hyper.Means, _yHat);
        if (_m.AdaIns is { } a)
        {
            if (style.Length != _style.Length)
                throw new ArgumentException($"style vector has {style.Length} values, the generator expects {_style.Length}", nameof(style));
            style.CopyTo(_styleHost);
            _q.CopyIn(_styleHost, _style);
            for (int i = 0; i < a.Count; i++) _q.Linear(_style, a[i].W, a[i].B, a[i].In, a[i].Out, _adainParams[i]);
        }
        _gs.Enqueue();
        _q.CopyOut(_gs.Output, _xHost);
    }

    /// <summary>x_hat [3, H, W] of the image synthesised last, copied out of the plan's host buffer.</summary>
    public float[] Image() => _xHost.ToArray();

    public void Dispose() => _arena.Dispose();
}
