using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Lgc.Kernels;

/// <summary>Which ILGPU accelerator runs the kernels.</summary>
internal enum IlgpuTarget
{
    /// <summary>ILGPU's CPU accelerator: a bit-faithful GPU simulator, for tests (slow).</summary>
    CpuSimulator,
    Cuda,
    OpenCL,
}

/// <summary>Finds devices and creates <see cref="IlgpuBackend"/>s on them; never throws for a missing device.</summary>
internal static class IlgpuDevices
{
    /// <summary>The backend on the first device of <paramref name="target"/>, or null with the reason in <paramref name="why"/>.</summary>
    public static IlgpuBackend? TryCreate(IlgpuTarget target, out string why)
    {
        // ILGPU compiles kernels and their launchers at run time (Reflection.Emit), which a NativeAOT build cannot do;
        // the AOT compiler treats this flag as a constant, so the code below (and ILGPU) is left out of such a build.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            why = $"{NameOf(target)} unavailable: this is a NativeAOT build, which has no GPU backends (ILGPU generates code at run time); use the trimmed self-contained build";
            return null;
        }
        NativeLibraries.Register();
        Context? context = null;
        try
        {
            context = Context.Create(b => Configure(b, target).EnableAlgorithms());
            var accelerator = CreateAccelerator(context, target, out why);
            if (accelerator is null)
            {
                context.Dispose();
                return null;
            }
            return new IlgpuBackend(context, accelerator, NameOf(target));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context?.Dispose();
            why = $"{NameOf(target)} unavailable: {e.GetBaseException().Message.ReplaceLineEndings(" ")}";
            return null;
        }
    }

    /// <summary>The CPU simulator backend (always available).</summary>
    public static IlgpuBackend CreateCpuSimulator() =>
        TryCreate(IlgpuTarget.CpuSimulator, out string why) ?? throw new InvalidOperationException(why);

    public static string NameOf(IlgpuTarget target) => target switch
    {
        IlgpuTarget.CpuSimulator => "ilgpu-cpu",
        IlgpuTarget.Cuda => "cuda",
        IlgpuTarget.OpenCL => "opencl",
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    /// <summary>
    /// The simulated GPU: 32-wide warps, 4 warps, one multiprocessor, so a group can have the 128
    /// threads the tiled conv uses (ILGPU's default CPU device allows only 16).
    /// </summary>
    private static readonly CPUDevice Simulated = new(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 4, numMultiprocessors: 1);

    private static Context.Builder Configure(Context.Builder b, IlgpuTarget target) => target switch
    {
        IlgpuTarget.CpuSimulator => b.CPU(Simulated),
        IlgpuTarget.Cuda => b.Cuda(),
        _ => b.OpenCL(),
    };

    private static Accelerator? CreateAccelerator(Context context, IlgpuTarget target, out string why)
    {
        why = "";
        switch (target)
        {
            case IlgpuTarget.CpuSimulator:
                return context.CreateCPUAccelerator(0);
            case IlgpuTarget.Cuda:
                if (context.GetCudaDevices().Count > 0) return context.CreateCudaAccelerator(0);
                why = NativeLibraries.Loadable("cuda")
                    ? "no CUDA device found (libcuda.so.1 loads, but reports no device)"
                    : "no CUDA device found (libcuda.so.1 not loadable)";
                return null;
            default:
                if (context.GetCLDevices().Count > 0) return context.CreateCLAccelerator(0);
                why = NativeLibraries.Loadable("opencl")
                    ? "no OpenCL device found that ILGPU can use (libOpenCL.so.1 loads; ILGPU needs a device with the generic address space, e.g. not PoCL 3.1)"
                    : "no OpenCL device found (libOpenCL.so.1 not loadable)";
                return null;
        }
    }
}
