using BenchmarkDotNet.Attributes;
using Lgc.Tensors;
using Lgc.Tensors.Reference;
using Lgc.Tensors.Simd;

namespace Lgc.Bench;

/// <summary>
/// Each op at its network shape: ReferenceBackend (the in-run baseline, so Ratio is the speed-up)
/// against SimdBackend at the runtime's default width and with AVX-512 forced, plus GFLOP/s.
/// Run: dotnet run -c Release --project bench -- --filter '*OpsBenchmarks*' --job short
/// </summary>
[Config(typeof(OpsConfig))]
public class OpsBenchmarks
{
    private Action _reference = null!, _simd = null!, _simd512 = null!;

    [ParamsSource(nameof(Cases))]
    public OpsCase Op { get; set; } = null!;

    public static IEnumerable<OpsCase> Cases => OpsCase.All;

    [GlobalSetup]
    public void Setup()
    {
        _reference = Op.Prepare(new ReferenceBackend());
        _simd = Op.Prepare(new SimdBackend());
        // AVX-512 where the CPU has it, even if the runtime prefers 256-bit here
        _simd512 = Op.Prepare(new SimdBackend(SimdBackend.SupportedLanes[0]));
    }

    [Benchmark(Baseline = true)] public void Reference() => _reference();
    [Benchmark] public void Simd() => _simd();
    [Benchmark] public void SimdWidest() => _simd512();
}
