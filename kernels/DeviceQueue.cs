using ILGPU;
using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>
/// The device-resident path's handle on one backend (ggml/ncnn style): device buffers allocated once
/// and kept, work queued on the backend's one stream, host↔device copies queued asynchronously
/// through pinned host arrays, and an explicit <see cref="Synchronize"/> (counted) as the only wait.
/// Plans built on it hold <see cref="Gate"/> while they queue and wait: the span API shares the stream.
/// </summary>
internal sealed partial class DeviceQueue
{
    private readonly IlgpuBackend b;
    private long synchronizations;

    internal DeviceQueue(IlgpuBackend backend) => b = backend;

    public object Gate => b.Gate;

    /// <summary>Host waits for the device so far (one per <see cref="Synchronize"/>): tests check one per encoded image.</summary>
    public long Synchronizations => Interlocked.Read(ref synchronizations);

    /// <summary>A set of device buffers freed together (a plan's, a model's); disposing the backend frees them too.</summary>
    public DeviceArena CreateArena() => new(b.Accelerator);

    /// <summary>A host array the GC never moves, for the asynchronous copies.</summary>
    public static T[] Pinned<T>(int n) where T : unmanaged => GC.AllocateArray<T>(n, pinned: true);

    /// <summary>Queues host → device; src must come from <see cref="Pinned"/> and stay unchanged until the next synchronisation.</summary>
    public void CopyIn<T>(T[] src, ArrayView<T> dst) where T : unmanaged
    {
        if (dst.Length == 0) return;
        if (src.Length < dst.Length) throw new ArgumentException($"host array has {src.Length} elements, device view {dst.Length}", nameof(src));
        dst.CopyFromCPUUnsafeAsync(b.Accelerator.DefaultStream, ref src[0], dst.Length);
    }

    /// <summary>Queues device → host into a <see cref="Pinned"/> array; its contents are valid after the next synchronisation.</summary>
    public void CopyOut<T>(ArrayView<T> src, T[] dst) where T : unmanaged
    {
        if (src.Length == 0) return;
        if (dst.Length < src.Length) throw new ArgumentException($"host array has {dst.Length} elements, device view {src.Length}", nameof(dst));
        src.CopyToCPUUnsafeAsync(b.Accelerator.DefaultStream, ref dst[0], src.Length);
    }

    /// <summary>Waits until everything queued so far is done.</summary>
    public void Synchronize()
    {
        b.Accelerator.DefaultStream.Synchronize();
        Interlocked.Increment(ref synchronizations);
    }
}
