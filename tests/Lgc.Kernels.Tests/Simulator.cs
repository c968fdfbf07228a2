namespace Lgc.Kernels.Tests;

/// <summary>One CPU-simulator backend for the whole run: creating one compiles every kernel.</summary>
internal static class Simulator
{
    private static readonly Lazy<IlgpuBackend> Shared = new(IlgpuDevices.CreateCpuSimulator);

    public static IlgpuBackend Backend => Shared.Value;
}
