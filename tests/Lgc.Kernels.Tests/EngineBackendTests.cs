using Lgc.Tensors;

namespace Lgc.Kernels.Tests;

/// <summary>The engine's backend names: auto falls back to the SIMD CPU path, absent devices give a clear LgcException.</summary>
public sealed class EngineBackendTests
{
    private static bool HasDevice(IlgpuTarget target)
    {
        using var device = IlgpuDevices.TryCreate(target, out _);
        return device is not null;
    }

    [Fact]
    public void AutoSaysWhatItTook()
    {
        var backend = Backends.Create("auto", out string description);
        (backend as IDisposable)?.Dispose();
        if (HasDevice(IlgpuTarget.Cuda)) Assert.StartsWith("auto: cuda (", description);
        else if (HasDevice(IlgpuTarget.OpenCL)) Assert.StartsWith("auto: opencl (", description);
        else
        {
            Assert.IsNotType<IlgpuBackend>(backend);
            Assert.Matches(@"^auto: cpu \(simd\d+\); no CUDA device found .*; no OpenCL device found", description);
        }
    }

    [Theory]
    [InlineData("cuda", nameof(IlgpuTarget.Cuda))]
    [InlineData("opencl", nameof(IlgpuTarget.OpenCL))]
    public void AbsentDeviceIsAnLgcException(string name, string targetName)
    {
        var target = Enum.Parse<IlgpuTarget>(targetName); // the enum is internal: public test methods take its name
        if (HasDevice(target)) return; // a machine with this device: nothing to check here
        var e = Assert.Throws<LgcException>(() => Backends.Create(name));
        Assert.StartsWith("no ", e.Message);
    }

    [Fact]
    public void SimulatorIsNamedAndDescribed()
    {
        using var backend = (IlgpuBackend)Backends.Create("ilgpu-cpu", out string description);
        Assert.Equal("ilgpu-cpu", backend.Name);
        Assert.Equal($"ilgpu-cpu ({backend.DeviceName})", description);
    }

    [Fact]
    public void CpuAndReferenceAreUnchanged()
    {
        Assert.Equal("reference", Backends.Create("reference").Name);
        Assert.IsNotType<IlgpuBackend>(Backends.Create("cpu"));
        Assert.Contains("ilgpu-cpu, cuda, opencl", Assert.Throws<LgcException>(() => Backends.Create("vulkan")).Message);
    }
}
