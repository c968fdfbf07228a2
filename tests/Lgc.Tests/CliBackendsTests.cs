namespace Lgc.Tests;

/// <summary>`lgc info --backends`: one line per backend; without a device, CUDA and OpenCL still say whether their
/// kernel code is generated (what the release smoke test checks on the trimmed build).</summary>
public class CliBackendsTests
{
    [Fact]
    public void EveryBackendHasALineAndTheGpuCodeIsGenerated()
    {
        var r = CliTests.Run("info", "--backends");
        Assert.True(r.Code == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Backends.Names.Concat(Backends.DeviceNames), lines.Select(l => l[..l.IndexOf(':')]));
        Assert.StartsWith("ilgpu-cpu: available", lines[2]);
        Assert.Matches(@"^cuda: .*; PTX for 27 of 27 kernels \(sm_70", lines[3]);
        Assert.Matches(@"^opencl: .*; OpenCL C for 27 of 27 kernels", lines[4]);
    }

    [Fact]
    public void BackendsTakesNothingElse()
    {
        var r = CliTests.Run("info", "--backends", "--json");
        Assert.Equal(1, r.Code);
        Assert.Contains("--backends takes no files", r.Err);
    }
}
