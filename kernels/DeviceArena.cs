using ILGPU;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>
/// Device buffers that live together (one plan's activations, one model's weights) and are freed
/// together. Allocation happens when a plan is built, never per image.
/// </summary>
internal sealed class DeviceArena : IDisposable
{
    private readonly Accelerator accelerator;
    private readonly List<MemoryBuffer> buffers = [];

    internal DeviceArena(Accelerator accelerator) => this.accelerator = accelerator;

    /// <summary>Bytes held on the device.</summary>
    public long Bytes { get; private set; }

    /// <summary>A device buffer of n elements (contents undefined until written).</summary>
    public ArrayView<T> Allocate<T>(int n) where T : unmanaged
    {
        var buffer = accelerator.Allocate1D<T>(Math.Max(n, 1));
        Add(buffer);
        return buffer.View.AsContiguous().SubView(0, n);
    }

    /// <summary>Weights and tables: allocated and copied once, when a model or plan is prepared (a synchronous copy).</summary>
    public ArrayView<T> Persistent<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        var buffer = Device.Persistent(accelerator, data);
        Add(buffer);
        return buffer.View.AsContiguous().SubView(0, data.Length);
    }

    private void Add(MemoryBuffer buffer)
    {
        lock (buffers) buffers.Add(buffer);
        Bytes += buffer.LengthInBytes;
    }

    public void Dispose()
    {
        lock (buffers)
        {
            foreach (var b in buffers) b.Dispose();
            buffers.Clear();
        }
        Bytes = 0;
    }
}
