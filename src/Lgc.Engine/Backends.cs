using Lgc.Tensors;
using Lgc.Tensors.Reference;
using Lgc.Tensors.Simd;

namespace Lgc;

/// <summary>Backend names accepted by the CLI and the API.</summary>
public static class Backends
{
    public static readonly string[] Names = ["cpu", "reference"];

    public static IBackend Create(string name) => name switch
    {
        "cpu" or "auto" => new SimdBackend(),
        "reference" => new ReferenceBackend(),
        _ => throw new LgcException($"unknown backend '{name}' (available: {string.Join(", ", Names)})"),
    };
}
