using ILGPU;
using Lgc.Kernels;
using Lgc.Tensors;

namespace Lgc.Device;

/// <summary>
/// The encoder for one padded input shape, device-resident: x → g_a → y → h_a → z → z_hat →
/// integer h_s → means, scale indices → y_sym = round(y - means); x → t_a → pool → fc → style_hat.
/// Buffers are allocated once here; <see cref="Enqueue"/> queues the image's upload, every kernel
/// and the symbol downloads, and the caller synchronises once.
/// </summary>
internal sealed class EncodePlan : IDisposable
{
    readonly DeviceQueue _q;
    readonly DeviceArena _arena;
    readonly float[] _xHost;
    readonly ArrayView<float> _x;
    readonly DeviceChain _ga, _ha, _ta;
    readonly ArrayView<int> _zHat, _ySym, _styleHat;
    readonly ArrayView<float> _pooled, _style;
    readonly HyperPlan _hyper;
    readonly (ArrayView<float> W, ArrayView<float> B, int In, int Out)? _fc;
    readonly int[] _zHost, _yHost, _idxHost, _styleHost;

    public Shape InShape { get; }

    public EncodePlan(DeviceModel m, Shape inShape)
    {
        _q = m.Queue;
        InShape = inShape;
        _arena = _q.CreateArena();
        try
        {
            _xHost = DeviceQueue.Pinned<float>(inShape.Length);
            _x = _arena.Allocate<float>(inShape.Length);
            _ga = new DeviceChain(_arena, m.Analysis, _x, inShape);
            _ha = new DeviceChain(_arena, m.HyperAnalysis, _ga.Output, _ga.OutShape);
            _zHat = _arena.Allocate<int>(_ha.OutShape.Length);
            _hyper = new HyperPlan(m, _arena, _zHat, _ha.OutShape);
            if (_hyper.YShape != _ga.OutShape) throw new InvalidOperationException($"h_s gives {_hyper.YShape}, g_a {_ga.OutShape}");
            _ySym = _arena.Allocate<int>(_ga.OutShape.Length);
            _zHost = DeviceQueue.Pinned<int>(_ha.OutShape.Length);
            _yHost = DeviceQueue.Pinned<int>(_ga.OutShape.Length);
            _idxHost = DeviceQueue.Pinned<int>(_ga.OutShape.Length);
            _styleHost = [];
            if (m.TextureConvs is not null && m.TextureFc is { } fc)
            {
                _ta = new DeviceChain(_arena, m.TextureConvs, _x, inShape);
                _fc = fc;
                _pooled = _arena.Allocate<float>(_ta.OutShape.C);
                _style = _arena.Allocate<float>(fc.Out);
                _styleHat = _arena.Allocate<int>(fc.Out);
                _styleHost = DeviceQueue.Pinned<int>(fc.Out);
            }
            else _ta = null!;
        }
        catch
        {
            _arena.Dispose();
            throw;
        }
    }

    /// <summary>Queues one image (planar [3, H, W] of <see cref="InShape"/>); results valid after the next synchronisation.</summary>
    public void Enqueue(ReadOnlySpan<float> x)
    {
        x.CopyTo(_xHost);
        _q.CopyIn(_xHost, _x);
        _ga.Enqueue();
        _ha.Enqueue();
        _q.Round(_ha.Output, _zHat);
        _hyper.Enqueue();
        _q.Quantize(_ga.Output, _hyper.Means, _ySym);
        _q.CopyOut(_zHat, _zHost);
        _q.CopyOut(_ySym, _yHost);
        _q.CopyOut(_hyper.ScaleIndex, _idxHost);
        if (_fc is { } fc)
        {
            _ta.Enqueue();
            _q.GlobalAvgPool(_ta.Output, _ta.OutShape, _pooled);
            _q.Linear(_pooled, fc.W, fc.B, fc.In, fc.Out, _style);
            _q.Round(_style, _styleHat);
            _q.CopyOut(_styleHat, _styleHost);
        }
    }

    /// <summary>The symbols of the image queued last (after the synchronisation), copied out of the plan's host buffers.</summary>
    public EncodedSymbols Result() =>
        new(_zHost.ToArray(), _ha.OutShape, _yHost.ToArray(), _idxHost.ToArray(), _fc is null ? null : _styleHost.ToArray());

    public void Dispose() => _arena.Dispose();
}
