using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Lgc.Kernels;

/// <summary>Every <see cref="KernelAttribute"/> method in this assembly.</summary>
internal static class KernelCatalog
{
    // The kernel classes by name rather than Assembly.GetTypes(), so the trimmer can see what is reflected on
    // (a test checks this list against a scan of the assembly).
    public static IReadOnlyList<MethodInfo> All { get; } = new[]
        {
            Of(typeof(AdaInKernels)), Of(typeof(ChannelKernels)), Of(typeof(Conv2dKernels)), Of(typeof(ConvTranspose2dKernels)),
            Of(typeof(EntropyKernels)), Of(typeof(FixedPointKernels)), Of(typeof(GdnKernels)), Of(typeof(LatentKernels)),
            Of(typeof(LinearKernels)), Of(typeof(PointwiseKernels)), Of(typeof(PoolKernels)), Of(typeof(ResampleKernels)),
        }
        .SelectMany(m => m)
        .OrderBy(m => m.DeclaringType!.Name).ThenBy(m => m.Name)
        .ToArray();

    /// <summary>True for kernels launched with an explicit grid and group; the others are auto-grouped over Index1D.</summary>
    public static bool IsExplicitlyGrouped(MethodInfo kernel) => kernel.GetCustomAttribute<KernelAttribute>()!.ExplicitlyGrouped;

    private static IEnumerable<MethodInfo> Of(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] Type t) =>
        t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(m => m.GetCustomAttribute<KernelAttribute>() is not null);
}
