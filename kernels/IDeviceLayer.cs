using ILGPU;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>A layer of this backend that can also enqueue itself on device views (the device-resident path).</summary>
internal interface IDeviceLayer
{
    IlgpuBackend Owner { get; }
    Shape OutShape(Shape x);
    /// <summary>Queues the layer on the backend's stream; x holds xs.Length values, y OutShape(xs).Length; no copy, no wait.</summary>
    void Enqueue(ArrayView<float> x, Shape xs, ArrayView<float> y);
}
