using Lgc.Kernels;
using Lgc.Tensors;
using Lgc.Tensors.Reference;
using Lgc.Tensors.Simd;

namespace Lgc;

/// <summary>Backend names accepted by the CLI and the API.</summary>
internal static class Backends
{
    /// <summary>The CPU backends: always available (the fixture parity tests run each of these).</summary>
    public static readonly string[] Names = ["cpu", "reference"];

    /// <summary>The ILGPU backends: ilgpu-cpu (GPU simulator, slow, for tests) and the devices, when present.</summary>
    public static readonly string[] DeviceNames = ["ilgpu-cpu", "cuda", "opencl"];

    public static IBackend Create(string name) => Create(name, out _);

    /// <summary>
    /// Creates the named backend; <paramref name="description"/> says what was taken, e.g. for
    /// "auto": CUDA if a device is found, else OpenCL, else the SIMD CPU path, with the reasons.
    /// A requested but absent device throws an <see cref="LgcException"/> naming why.
    /// </summary>
    public static IBackend Create(string name, out string description)
    {
        if (name == "auto") return Auto(out description);
        IBackend backend = name switch
        {
            "cpu" => new SimdBackend(),
            "reference" => new ReferenceBackend(),
            "ilgpu-cpu" => Device(IlgpuTarget.CpuSimulator),
            "cuda" => Device(IlgpuTarget.Cuda),
            "opencl" => Device(IlgpuTarget.OpenCL),
            _ => throw new LgcException($"unknown backend '{name}' (available: auto, {string.Join(", ", Names.Concat(DeviceNames))})"),
        };
        description = Describe(backend);
        return backend;
    }

    /// <summary>The backend's name, and its device for ILGPU ones: "cuda (NVIDIA H100 80GB HBM3)".</summary>
    public static string Describe(IBackend backend) =>
        backend is IlgpuBackend g ? $"{g.Name} ({g.DeviceName})" : backend.Name;

    /// <summary>
    /// One line per backend: whether it can be created here, on which device, and for CUDA and OpenCL whether this
    /// build generates their kernel code (checkable without a device, e.g. that trimming kept what ILGPU needs).
    /// </summary>
    public static IReadOnlyList<string> Probe()
    {
        var lines = new List<string> { $"cpu: available ({new SimdBackend().Name})", "reference: available (scalar oracle)" };
        foreach (var target in new[] { IlgpuTarget.CpuSimulator, IlgpuTarget.Cuda, IlgpuTarget.OpenCL })
        {
            string name = IlgpuDevices.NameOf(target);
            using var device = IlgpuDevices.TryCreate(target, out string why);
            string state = device is not null ? $"available ({device.DeviceName})" : $"not here: {why}";
            string codegen = target switch
            {
                IlgpuTarget.Cuda => "; " + KernelCodegen.Ptx(),
                IlgpuTarget.OpenCL => "; " + KernelCodegen.OpenClC(),
                _ => "",
            };
            lines.Add($"{name}: {state}{codegen}");
        }
        return lines;
    }

    private static IBackend Device(IlgpuTarget target) =>
        IlgpuDevices.TryCreate(target, out string why) ?? throw new LgcException(why);

    private static IBackend Auto(out string description)
    {
        var skipped = new List<string>();
        foreach (var target in new[] { IlgpuTarget.Cuda, IlgpuTarget.OpenCL })
        {
            var device = IlgpuDevices.TryCreate(target, out string why);
            if (device is not null)
            {
                description = $"auto: {Describe(device)}";
                return device;
            }
            skipped.Add(why);
        }
        var cpu = new SimdBackend();
        description = $"auto: cpu ({cpu.Name}); {string.Join("; ", skipped)}";
        return cpu;
    }
}
