using BenchmarkDotNet.Attributes;
using Lgc.Kernels;
using Lgc.Tensors;
using Lgc.Tensors.Simd;

namespace Lgc.Bench;

/// <summary>
/// Each op at its network shape on the ILGPU backend against the SIMD CPU path (the in-run baseline):
/// CUDA if a device is found, else OpenCL, else ILGPU's CPU simulator (slow: a functional check, not a
/// speed). Timings include the per-call host/device copies the backend does today.
/// dotnet run -c Release --project bench -- --filter '*DeviceConv*' --job short
/// </summary>
[Config(typeof(OpsConfig))]
public abstract class DeviceBenchmarks : OpCaseBenchmarks
{
    private static readonly Lazy<IBackend> Device = new(() =>
    {
        foreach (var t in new[] { IlgpuTarget.Cuda, IlgpuTarget.OpenCL })
            if (IlgpuDevices.TryCreate(t, out _) is { } d) return Announce(d);
        return Announce(IlgpuDevices.CreateCpuSimulator());
    });

    private static IBackend Announce(IlgpuBackend b)
    {
        Console.WriteLine($"// ILGPU device under test: {b.Name} ({b.DeviceName})");
        return b;
    }

    private Action _simd = null!, _device = null!;

    [GlobalSetup]
    public void Setup()
    {
        _simd = Op.Prepare(new SimdBackend());
        _device = Op.Prepare(Device.Value);
    }

    [Benchmark(Baseline = true)] public void Simd() => _simd();
    [Benchmark] public void Ilgpu() => _device();
}

public class DeviceConv : DeviceBenchmarks { protected override string Kind => "conv"; }
public class DeviceDeconv : DeviceBenchmarks { protected override string Kind => "deconv"; }
public class DeviceGdn : DeviceBenchmarks { protected override string Kind => "gdn"; }
public class DeviceBilinear : DeviceBenchmarks { protected override string Kind => "bilinear"; }
