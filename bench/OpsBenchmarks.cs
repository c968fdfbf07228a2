using BenchmarkDotNet.Attributes;
using Lgc.Tensors.Reference;
using Lgc.Tensors.Simd;

namespace Lgc.Bench;

/// <summary>
/// Each op at its network shape: ReferenceBackend is the in-run baseline (so Ratio is the
/// speed-up), against SimdBackend at its default (widest) width and capped at 256-bit vectors,
/// with a GFLOP/s column. One class per op kind
/// so a filter picks a few: dotnet run -c Release --project bench -- --filter '*OpsGdn*' --job short
/// </summary>
[Config(typeof(OpsConfig))]
public abstract class OpsBenchmarks : OpCaseBenchmarks
{
    private Action _reference = null!, _simd = null!, _simd256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reference = Op.Prepare(new ReferenceBackend());
        _simd = Op.Prepare(new SimdBackend());
        _simd256 = Op.Prepare(new SimdBackend(Math.Min(8, SimdBackend.SupportedLanes[0])));
    }

    [Benchmark(Baseline = true)] public void Reference() => _reference();
    [Benchmark] public void Simd() => _simd();
    [Benchmark] public void Simd256() => _simd256();
}

/// <summary>The network-shape cases of one op kind, as a BenchmarkDotNet parameter.</summary>
public abstract class OpCaseBenchmarks
{
    protected abstract string Kind { get; }

    /// <summary>The case by name (a string, since the ops it prepares are internal to the engine).</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    public IEnumerable<string> Cases => OpsCase.All.Where(c => c.Kind == Kind).Select(c => c.Name);

    internal OpsCase Op => OpsCase.All.Single(c => c.Name == Case);
}

public class OpsConv : OpsBenchmarks { protected override string Kind => "conv"; }
public class OpsDeconv : OpsBenchmarks { protected override string Kind => "deconv"; }
public class OpsGdn : OpsBenchmarks { protected override string Kind => "gdn"; }
public class OpsBilinear : OpsBenchmarks { protected override string Kind => "bilinear"; }
