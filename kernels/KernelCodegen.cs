using System.Diagnostics;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Lgc.Kernels;

/// <summary>
/// Compiles every kernel for CUDA (PTX) and OpenCL (C) without a device, as the code generators run on a plain
/// context: a machine without a GPU can still tell whether a (trimmed) build kept what the GPU backends need.
/// </summary>
public static class KernelCodegen
{
    /// <summary>"PTX for 27 of 27 kernels (sm_70, ISA 7.0, 1.2 s)", or why it failed, in one line.</summary>
    public static string Ptx() => !RuntimeFeature.IsDynamicCodeSupported ? NoCodegen("PTX") : Run("PTX", "sm_70, ISA 7.0", context =>
    {
        var arch = CudaArchitecture.SM_70; // the oldest target we promise; the driver JITs it for newer GPUs
        var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_70, null);
        return (backend, k => ((PTXCompiledKernel)backend.Compile(Entry(k), KernelSpecialization.Empty)).PTXAssembly.Contains(".entry "));
    });

    /// <summary>"OpenCL C for 27 of 27 kernels (CL 2.0, 0.9 s)", or why it failed, in one line.</summary>
    public static string OpenClC() => !RuntimeFeature.IsDynamicCodeSupported ? NoCodegen("OpenCL C") : Run("OpenCL C", "CL 2.0", context =>
    {
        var capabilities = new CLCapabilityContext(float16: false, float64: false, genericAddressSpace: true, int64_Atomics: false, subGroups: false);
        var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, CLCVersion.CL20);
        return (backend, k => ((CLCompiledKernel)backend.Compile(Entry(k), KernelSpecialization.Empty)).Source.Contains("kernel void "));
    });

    private static string Run(string what, string target, Func<Context, (IDisposable, Func<System.Reflection.MethodInfo, bool>)> create)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var context = Context.Create(b => b.DefaultCPU().EnableAlgorithms());
            var (backend, compile) = create(context);
            using (backend)
            {
                int ok = KernelCatalog.All.Count(compile);
                return $"{what} for {ok} of {KernelCatalog.All.Count} kernels ({target}, {clock.Elapsed.TotalSeconds:F1} s)";
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var inner = e.GetBaseException();
            return $"{what} generation failed: {inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")}";
        }
    }

    // Checked before the code generators are even named, so a NativeAOT build leaves them out.
    private static string NoCodegen(string what) => $"no {what} generation in a NativeAOT build (ILGPU reads kernels' IL at run time)";

    private static EntryPointDescription Entry(System.Reflection.MethodInfo kernel) => KernelCatalog.IsExplicitlyGrouped(kernel)
        ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel)
        : EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
}
