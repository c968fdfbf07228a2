using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lgc.Tensors.Simd;

/// <summary>
/// A weight buffer on the pinned object heap, so kernels can hold raw pointers to it from any
/// thread without pinning per call. Lives as long as its layer.
/// </summary>
internal sealed unsafe class Pinned(int length)
{
    public readonly float[] Array = GC.AllocateArray<float>(Math.Max(length, 1), pinned: true);
    public float* Ptr => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Array));
}

/// <summary>Pooled scratch that is returned on dispose; contents are not cleared on rent.</summary>
internal readonly struct Scratch(int length) : IDisposable
{
    public readonly float[] Array = ArrayPool<float>.Shared.Rent(length);
    public Span<float> Span => Array.AsSpan(0, length);
    public void Dispose() => ArrayPool<float>.Shared.Return(Array);
}
