using Lgc.Kernels;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Device;

/// <summary>
/// The codec's device-resident path on an ILGPU backend: one <see cref="DeviceModel"/> (weights
/// uploaded once) and plans per input shape (<see cref="PlanPool{TPlan}"/>: buffers allocated once,
/// reused for every image of that shape; a batch of B images of one shape uses B plans). Encoding
/// queues every image of a batch and synchronises once; decoding synchronises once after h_s (the range decoder needs the scale indices)
/// and once after g_s. Only the range coder runs on the CPU.
/// </summary>
internal sealed class DevicePath : IDisposable
{
    readonly DeviceModel _m;
    readonly PlanPool<EncodePlan> _encode;
    readonly PlanPool<DecodePlan> _decode;

    DevicePath(DeviceModel m)
    {
        _m = m;
        _encode = new(s => new EncodePlan(m, s));
        _decode = new(s => new DecodePlan(m, s));
    }

    /// <summary>Input shapes with encode plans kept (for tests: bounded by <see cref="PlanPool{T}.MaxShapes"/>).</summary>
    public int EncodeShapes => _encode.Shapes;

    public DeviceQueue Queue => _m.Queue;

    public static DevicePath? TryCreate(LgcModel model, out string why)
    {
        var m = DeviceModel.TryCreate(model, out why);
        return m is null ? null : new DevicePath(m);
    }

    /// <summary>Encodes padded planar images: all queued, one synchronisation.</summary>
    public IReadOnlyList<EncodedSymbols> Encode(IReadOnlyList<Tensor> images)
    {
        lock (Queue.Gate)
        {
            var plans = _encode.Take(images.Select(x => x.Shape));
            for (int i = 0; i < images.Count; i++) plans[i].Enqueue(images[i].Data);
            Queue.Synchronize();
            return plans.Select(p => p.Result()).ToList();
        }
    }

    /// <summary>h_s on the device for z_hat: scale indices and means, one synchronisation (for base-layer decoding).</summary>
    public (int[] ScaleIndex, float[] Means, Shape YShape) Hyper(int[] zHat, Shape zShape)
    {
        CheckZ(zHat, zShape);
        lock (Queue.Gate)
        {
            var p = _decode.Take([zShape])[0];
            p.EnqueueHyper(zHat, means: true);
            Queue.Synchronize();
            return (p.ScaleIndex.ToArray(), p.Means.ToArray(), p.YShape);
        }
    }

    /// <summary>Gives the range decoder an image's scale indices and takes back its y symbols and style.</summary>
    public delegate (int[] YSym, float[] Style) EntropyDecode(int image, int[] scaleIndex);

    /// <summary>
    /// Decodes a batch: h_s of every image queued, one synchronisation, the range decoder on the CPU
    /// for each, then g_s of every image queued, one synchronisation. Returns x_hat [3, H, W] per image.
    /// </summary>
    public IReadOnlyList<float[]> Decode(IReadOnlyList<(int[] ZHat, Shape ZShape)> items, EntropyDecode entropyDecode)
    {
        foreach (var (zHat, zShape) in items) CheckZ(zHat, zShape);
        lock (Queue.Gate)
        {
            var plans = _decode.Take(items.Select(i => i.ZShape));
            for (int i = 0; i < items.Count; i++) plans[i].EnqueueHyper(items[i].ZHat, means: false);
            Queue.Synchronize();
            var decoded = plans.Select((p, i) => entropyDecode(i, p.ScaleIndex.ToArray())).ToList();
            for (int i = 0; i < items.Count; i++)
                if (decoded[i].YSym.Length != plans[i].YShape.Length)
                    throw new LgcException($"image {i}: {decoded[i].YSym.Length} latent symbols decoded, the plan holds {plans[i].YShape.Length}");
            for (int i = 0; i < items.Count; i++) plans[i].EnqueueSynthesis(decoded[i].YSym, decoded[i].Style);
            Queue.Synchronize();
            return plans.Select(p => p.Image()).ToList();
        }
    }

    /// <summary>Sizes come from a file: checked against each other before any device buffer is sized by them.</summary>
    static void CheckZ(int[] zHat, Shape zShape)
    {
        if (zShape.C < 1 || zShape.H < 1 || zShape.W < 1 || (long)zShape.C * zShape.H * zShape.W != zHat.Length)
            throw new LgcException($"hyper-latents hold {zHat.Length} values, the declared shape {zShape} needs {(long)zShape.C * zShape.H * zShape.W}");
    }

    public void Dispose()
    {
        lock (Queue.Gate)
        {
            _encode.Dispose();
            _decode.Dispose();
            _m.Dispose();
        }
    }
}
