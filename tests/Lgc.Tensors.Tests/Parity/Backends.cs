using Lgc.Tensors.Simd;

namespace Lgc.Tensors.Tests.Parity;

/// <summary>
/// Every backend the parity harness checks against ReferenceBackend. To add one (e.g. ILGPU),
/// add an entry here; every op case then runs on it.
/// </summary>
public static class Backends
{
    public static readonly IReadOnlyDictionary<string, Func<IBackend>> UnderTest = Build();

    private static Dictionary<string, Func<IBackend>> Build()
    {
        var d = new Dictionary<string, Func<IBackend>>();
        // every width this machine accelerates, scalar included, so each kernel instantiation is covered
        foreach (int lanes in SimdBackend.SupportedLanes)
            d[$"simd{lanes * 32}"] = () => new SimdBackend(lanes);
        return d;
    }
}
