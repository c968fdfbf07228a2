using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU;

namespace Lgc.Kernels;

/// <summary>
/// ILGPU imports the driver libraries as "cuda" and "opencl"; on Linux .NET then probes
/// libcuda.so / libopencl.so, but drivers install only libcuda.so.1 / libOpenCL.so.1 (the
/// unversioned names come with -dev packages), so devices stay invisible without this mapping.
/// </summary>
internal static class NativeLibraries
{
    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cuda"] = ["libcuda.so.1", "libcuda.so"],
        ["opencl"] = ["libOpenCL.so.1", "libOpenCL.so"],
    };

    private static int registered;

    public static void Register()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref registered, 1) == 1) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // ILGPU registered its own resolver (it does under WSL); keep that one.
        }
    }

    /// <summary>Whether the driver library for "cuda" / "opencl" can be loaded here.</summary>
    public static bool Loadable(string name)
    {
        foreach (string file in Candidates[name])
        {
            if (!NativeLibrary.TryLoad(file, out var handle)) continue;
            NativeLibrary.Free(handle);
            return true;
        }
        return false;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!Candidates.TryGetValue(name, out var files)) return IntPtr.Zero;
        foreach (string file in files)
            if (NativeLibrary.TryLoad(file, assembly, path, out var handle)) return handle;
        return IntPtr.Zero; // fall back to the default probing
    }
}
