namespace Lgc.Kernels;

/// <summary>
/// Marks a static method as a device kernel, so <see cref="KernelCatalog"/> can hand every kernel
/// to code generators (PTX, OpenCL C) in tests without a device.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class KernelAttribute : Attribute
{
    /// <summary>Launched with an explicit grid and group (shared memory, barriers) rather than auto-grouped over Index1D.</summary>
    public bool ExplicitlyGrouped { get; init; }
}
