using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Lgc.Kernels.Tests;

/// <summary>
/// Every kernel compiles for CUDA (PTX) and OpenCL (C source) without a device: ILGPU's code
/// generators run on a plain context, so CI catches kernels that only the simulator accepts.
/// </summary>
public sealed class CodegenTests : IDisposable
{
    private readonly Context context = Context.Create(b => b.DefaultCPU().EnableAlgorithms());

    public static IEnumerable<object[]> Kernels() => KernelCatalog.All.Select(m => new object[] { Name(m) });

    [Fact]
    public void CatalogListsEveryKernel() => Assert.Equal(27, KernelCatalog.All.Count); // 23 op kernels + 4 latent glue kernels of the device-resident path

    [Fact]
    public void CatalogMatchesAScanOfTheAssembly()
    {
        // KernelCatalog names its classes (trimming-safe); a new kernel class must be added there.
        var scanned = typeof(KernelCatalog).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(m => m.GetCustomAttribute<KernelAttribute>() is not null).Select(Name).Order();
        Assert.Equal(scanned, KernelCatalog.All.Select(Name).Order());
    }

    [Fact]
    public void CodegenReportsEveryKernel()
    {
        Assert.Matches(@"^PTX for 27 of 27 kernels \(sm_70, ISA 7.0, ", KernelCodegen.Ptx());
        Assert.Matches(@"^OpenCL C for 27 of 27 kernels \(CL 2.0, ", KernelCodegen.OpenClC());
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GeneratesPtx(string kernel)
    {
        // sm_70 / PTX 7.0: the oldest target we promise; the driver JITs it for newer GPUs (H100 is sm_90)
        var arch = CudaArchitecture.SM_70;
        using var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_70, null);
        var compiled = (PTXCompiledKernel)backend.Compile(Entry(kernel), KernelSpecialization.Empty);
        Assert.Contains($".entry Kernel_{Method(kernel).Name}(", compiled.PTXAssembly);
        Assert.Contains(".target sm_70", compiled.PTXAssembly);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GeneratesOpenClC(string kernel)
    {
        // a CL 2.0 device with the generic address space (ILGPU requires it) and no optional extensions
        var capabilities = new CLCapabilityContext(float16: false, float64: false, genericAddressSpace: true, int64_Atomics: false, subGroups: false);
        using var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, CLCVersion.CL20);
        var compiled = (CLCompiledKernel)backend.Compile(Entry(kernel), KernelSpecialization.Empty);
        Assert.Contains($"kernel void Kernel_{Method(kernel).Name}(", compiled.Source);
    }

    private static string Name(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    private static MethodInfo Method(string kernel) => KernelCatalog.All.Single(m => Name(m) == kernel);

    private static EntryPointDescription Entry(string kernel) => KernelCatalog.IsExplicitlyGrouped(Method(kernel))
        ? EntryPointDescription.FromExplicitlyGroupedKernel(Method(kernel))
        : EntryPointDescription.FromImplicitlyGroupedKernel(Method(kernel));

    public void Dispose() => context.Dispose();
}
