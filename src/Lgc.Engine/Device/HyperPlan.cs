using ILGPU;
using Lgc.Kernels;
using Lgc.Tensors;

namespace Lgc.Device;

/// <summary>
/// The integer h_s for one z shape on the device: z_hat (int) → means (float) and scale indices,
/// exactly as <see cref="Model.HyperSynthesis"/> computes them on the CPU.
/// </summary>
internal sealed class HyperPlan
{
    readonly DeviceQueue _q;
    readonly DeviceModel.HyperWeights _h;
    readonly Shape _z, _s1, _s2;
    readonly ArrayView<int> _zHat;
    readonly ArrayView<long> _a, _h1, _h2, _raw;

    public Shape YShape { get; }
    public ArrayView<float> Means { get; }
    public ArrayView<int> ScaleIndex { get; }

    public HyperPlan(DeviceModel m, DeviceArena arena, ArrayView<int> zHat, Shape z)
    {
        (_q, _h, _z, _zHat) = (m.Queue, m.Hyper, z, zHat);
        _s1 = _h.D0.OutShape(z);
        _s2 = _h.D1.OutShape(_s1);
        var s3 = _h.C2.OutShape(_s2);
        YShape = new Shape(_h.M, s3.H, s3.W);
        _a = arena.Allocate<long>(z.Length);
        _h1 = arena.Allocate<long>(_s1.Length);
        _h2 = arena.Allocate<long>(_s2.Length);
        _raw = arena.Allocate<long>(s3.Length);
        Means = arena.Allocate<float>(YShape.Length);
        ScaleIndex = arena.Allocate<int>(YShape.Length);
    }

    public void Enqueue()
    {
        int count = YShape.Length;
        _q.ToFixed(_zHat, _h.ActFracBits, _h.ClampBits, _a);
        _q.FixedConvTranspose2d(_h.D0, _a, _z, _h.W0, _h.B0, _h.WeightFracBits, relu: true, _h.ClampBits, _h1);
        _q.FixedConvTranspose2d(_h.D1, _h1, _s1, _h.W1, _h.B1, _h.WeightFracBits, relu: true, _h.ClampBits, _h2);
        _q.FixedConv2d(_h.C2, _h2, _s2, _h.W2, _h.B2, _h.WeightFracBits, relu: false, _h.ClampBits, _raw);
        _q.Means(_raw.SubView(0, count), 1f / (1 << _h.ActFracBits), Means);
        _q.ScaleIndices(_raw.SubView(count, count), _h.ScaleTable, ScaleIndex);
    }
}
