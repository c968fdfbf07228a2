namespace Lgc;

/// <summary>Which backend runs the networks.</summary>
public enum LgcBackend
{
    /// <summary>SIMD CPU kernels (Vector512/256/128 with a scalar fallback). Always available.</summary>
    Cpu,
    /// <summary>The plain reference kernels: slow, for checking the others.</summary>
    Reference,
    /// <summary>CUDA if a device is found, else OpenCL, else <see cref="Cpu"/>.</summary>
    Auto,
    /// <summary>ILGPU on an NVIDIA GPU; <see cref="LgcCodec.Open"/> throws an <see cref="LgcException"/> when none is present.</summary>
    Cuda,
    /// <summary>ILGPU on an OpenCL device (needs generic address space support).</summary>
    OpenCL,
    /// <summary>ILGPU's CPU accelerator: a GPU simulator, exact but about 100× slower than <see cref="Cpu"/> (for tests).</summary>
    IlgpuCpu,
}

/// <summary>How <see cref="LgcCodec.Open"/> sets up a codec.</summary>
public sealed record LgcCodecOptions
{
    /// <summary>The backend (default <see cref="LgcBackend.Cpu"/>). Every backend writes byte-identical files.</summary>
    public LgcBackend Backend { get; init; } = LgcBackend.Cpu;

    /// <summary>On ILGPU backends, run whole graphs on the device (one synchronisation per encode); false runs each layer as its own call.</summary>
    public bool DeviceResident { get; init; } = true;

    /// <summary>Files whose header declares more pixels are refused before anything is allocated (default 4096²).</summary>
    public long MaxPixels { get; init; } = LgcCodec.DefaultMaxPixels;

    internal string BackendName => Backend switch
    {
        LgcBackend.Cpu => "cpu",
        LgcBackend.Reference => "reference",
        LgcBackend.Auto => "auto",
        LgcBackend.Cuda => "cuda",
        LgcBackend.OpenCL => "opencl",
        LgcBackend.IlgpuCpu => "ilgpu-cpu",
        _ => throw new ArgumentOutOfRangeException(nameof(Backend), Backend, "not an LgcBackend"),
    };
}
