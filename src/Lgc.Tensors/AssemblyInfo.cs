using System.Runtime.CompilerServices;

// The ILGPU backend shares the argument checks, so every backend rejects the same calls with the same messages.
[assembly: InternalsVisibleTo("Lgc.Kernels")]
[assembly: InternalsVisibleTo("Lgc.Tensors.Tests")]
[assembly: InternalsVisibleTo("Lgc.Bench")]
[assembly: InternalsVisibleTo("Lgc.Tests")]
