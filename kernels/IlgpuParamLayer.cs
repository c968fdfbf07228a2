using ILGPU;
using ILGPU.Runtime;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>
/// A layer whose two parameter tensors (weight and bias, or beta and gamma) live on the device from
/// creation on. The per-layer path (upload, enqueue, download under the backend's gate) is shared;
/// a subclass says only its output shape and which kernel it enqueues.
/// </summary>
internal abstract class IlgpuParamLayer(IlgpuBackend b, int cin, ReadOnlySpan<float> p0, ReadOnlySpan<float> p1)
    : ILayer, IDeviceLayer, IDisposable
{
    protected readonly IlgpuBackend B = b;
    protected readonly int Cin = cin;
    protected readonly MemoryBuffer1D<float, Stride1D.Dense> P0 = Device.Persistent(b.Accelerator, p0);
    protected readonly MemoryBuffer1D<float, Stride1D.Dense> P1 = Device.Persistent(b.Accelerator, p1);

    public IlgpuBackend Owner => B;

    public abstract Shape OutShape(Shape x);

    /// <inheritdoc cref="IDeviceLayer.Enqueue"/>
    public abstract void Enqueue(ArrayView<float> x, Shape xs, ArrayView<float> y);

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        var os = Check.LayerInput(x, xs, Cin, OutShape(xs), dst);
        lock (B.Gate)
        {
            var y = B.Out.Get(os.Length);
            Enqueue(B.In0.Upload(x), xs, y);
            Device.Download(y, dst);
        }
    }

    public void Dispose()
    {
        P0.Dispose();
        P1.Dispose();
    }
}
