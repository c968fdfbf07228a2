using Xunit.Abstractions;

namespace Lgc.Kernels.Tests;

/// <summary>Device discovery degrades to a reason, never an exception.</summary>
public sealed class DeviceTests(ITestOutputHelper log)
{
    [Fact]
    public void SimulatorIsAlwaysThere()
    {
        Assert.Equal("ilgpu-cpu", Simulator.Backend.Name);
        Assert.False(string.IsNullOrEmpty(Simulator.Backend.DeviceName));
    }

    [Theory]
    [InlineData(nameof(IlgpuTarget.Cuda))]
    [InlineData(nameof(IlgpuTarget.OpenCL))]
    public void MissingDeviceGivesAReason(string targetName)
    {
        var target = Enum.Parse<IlgpuTarget>(targetName); // the enum is internal: public test methods take its name
        using var backend = IlgpuDevices.TryCreate(target, out string why);
        log.WriteLine(backend is null ? why : $"found {backend.DeviceName}");
        if (backend is not null) return; // a machine with this device: nothing to check here
        Assert.StartsWith($"no {(target == IlgpuTarget.Cuda ? "CUDA" : "OpenCL")} device found", why);
    }
}
