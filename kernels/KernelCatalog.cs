using System.Reflection;

namespace Lgc.Kernels;

/// <summary>Every <see cref="KernelAttribute"/> method in this assembly.</summary>
internal static class KernelCatalog
{
    public static IReadOnlyList<MethodInfo> All { get; } = typeof(KernelCatalog).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        .Where(m => m.GetCustomAttribute<KernelAttribute>() is not null)
        .OrderBy(m => m.DeclaringType!.Name).ThenBy(m => m.Name)
        .ToArray();

    /// <summary>True for kernels launched with an explicit grid and group; the others are auto-grouped over Index1D.</summary>
    public static bool IsExplicitlyGrouped(MethodInfo kernel) => kernel.GetCustomAttribute<KernelAttribute>()!.ExplicitlyGrouped;
}
