using Lgc.Kernels;
using Lgc.Tensors.Simd;

namespace Lgc.Tensors.Tests.Parity;

/// <summary>
/// Every backend the parity harness checks against ReferenceBackend. To add one (e.g. ILGPU),
/// add an entry here; every op case then runs on it.
/// </summary>
internal static class Backends
{
    private static readonly Lazy<IlgpuBackend> IlgpuCpu = new(IlgpuDevices.CreateCpuSimulator);

    public static readonly IReadOnlyDictionary<string, Func<IBackend>> UnderTest = Build();

    private static Dictionary<string, Func<IBackend>> Build()
    {
        var d = new Dictionary<string, Func<IBackend>>();
        // every width this machine accelerates, scalar included, so each kernel instantiation is covered
        foreach (int lanes in SimdBackend.SupportedLanes)
            d[$"simd{lanes * 32}"] = () => new SimdBackend(lanes);
        // ILGPU's CPU simulator: one instance for all cases, since creating it compiles every kernel
        d["ilgpu-cpu"] = () => IlgpuCpu.Value;
        // real devices join where present (a GPU machine runs every case on them too)
        foreach (var target in new[] { IlgpuTarget.Cuda, IlgpuTarget.OpenCL })
            if (IlgpuDevices.TryCreate(target, out _) is { } device)
                d[device.Name] = () => device;
        return d;
    }
}
