using System.Runtime.CompilerServices;

// ILGPU's generated launchers live in the dynamic assembly "ILGPURuntime" and touch the internal argument structs.
[assembly: InternalsVisibleTo("ILGPURuntime")]
[assembly: InternalsVisibleTo("Lgc.Kernels.Tests")]
