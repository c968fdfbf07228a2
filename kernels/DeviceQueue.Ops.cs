using ILGPU;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>The float ops the engine's networks need, queued on device views (no copy, no wait).</summary>
internal sealed partial class DeviceQueue
{
    /// <summary>Whether <paramref name="layer"/> is a layer of this backend that can run on device views.</summary>
    public bool CanRun(ILayer layer) => layer is IDeviceLayer d && d.Owner == b;

    /// <summary>A conv, transposed conv or (I)GDN layer made by this backend, with its device-resident weights.</summary>
    public void Layer(ILayer layer, ArrayView<float> x, Shape xs, ArrayView<float> y)
    {
        if (!CanRun(layer)) throw new NotSupportedException($"{layer.GetType().Name} is not a layer of this device backend");
        ((IDeviceLayer)layer).Enqueue(x, xs, y);
    }

    public void Relu(ArrayView<float> x, ArrayView<float> y)
    {
        if (x.Length > 0) b.K.Pointwise.Relu((int)x.Length, x, y);
    }

    public void UpsampleBilinear(ArrayView<float> x, Shape s, int factor, ArrayView<float> y)
    {
        int n = s.C * s.H * factor * s.W * factor;
        if (n > 0) b.K.Resample.Bilinear(n, x, y, new ResampleArgs(s.H, s.W, factor));
    }

    /// <summary>dst [C]: the mean of each channel.</summary>
    public void GlobalAvgPool(ArrayView<float> x, Shape s, ArrayView<float> y)
    {
        if (s.C > 0) b.K.Pool.GlobalAvg(s.C, x, y, s.Plane);
    }

    /// <summary>y = W x + b with device-resident W [outF, inF] and b.</summary>
    public void Linear(ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, int inF, int outF, ArrayView<float> y)
    {
        if (outF > 0) b.K.Linear.Run(outF, x, weight, bias, y, inF);
    }

    /// <summary>AdaIN without instance norm (the generator's): y_c = x_c · (1 + p[c]) + p[C + c].</summary>
    public void AdaIn(ArrayView<float> x, Shape s, ArrayView<float> p, ArrayView<float> y)
    {
        if (s.Length > 0) b.K.AdaIn.Apply(s.Length, x, p, p, y, new AdaInArgs(s.C, s.Plane, 0));
    }
}
