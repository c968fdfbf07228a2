using ILGPU;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>
/// One growable device buffer reused across calls, so the span API does not allocate device
/// memory per op. Callers hold the backend's lock while using it.
/// </summary>
internal sealed class Scratch<T>(Accelerator accelerator) : IDisposable where T : unmanaged
{
    private MemoryBuffer1D<T, Stride1D.Dense>? buffer;

    public ArrayView<T> Get(int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = accelerator.Allocate1D<T>(Math.Max(length, 1));
        }
        return buffer.View.AsContiguous().SubView(0, length);
    }

    public ArrayView<T> Upload(ReadOnlySpan<T> data)
    {
        var view = Get(data.Length);
        Device.Upload(view, data);
        return view;
    }

    public void Dispose() => buffer?.Dispose();
}

/// <summary>
/// Host↔device copies from spans, synchronous on the accelerator's default stream. The spans are
/// pinned: ILGPU's copy runs its "unsafe" async copy on the bare address, then synchronises, and a
/// GC moving the array in between would copy the wrong memory.
/// </summary>
internal static unsafe class Device
{
    public static void Upload<T>(ArrayView<T> view, ReadOnlySpan<T> data) where T : unmanaged
    {
        if (data.Length == 0) return;
        fixed (T* p = data) view.CopyFromCPU(ref *p, data.Length);
    }

    public static void Download<T>(ArrayView<T> view, Span<T> dst) where T : unmanaged
    {
        if (view.Length == 0) return;
        fixed (T* p = dst) view.CopyToCPU(ref *p, view.Length);
    }

    public static MemoryBuffer1D<T, Stride1D.Dense> Persistent<T>(Accelerator accelerator, ReadOnlySpan<T> data) where T : unmanaged
    {
        var buffer = accelerator.Allocate1D<T>(Math.Max(data.Length, 1));
        Upload(buffer.View.AsContiguous(), data);
        return buffer;
    }
}
