using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Lgc.Bench;

/// <summary>Adds the GFLOP/s column and room for the op names; otherwise BenchmarkDotNet's defaults.</summary>
public sealed class OpsConfig : ManualConfig
{
    public OpsConfig()
    {
        AddColumn(new GflopsColumn());
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(32);
    }
}

/// <summary>FLOPs of the benchmark's <see cref="OpsCase"/> divided by its mean time.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "FLOPs of the op (2 per multiply-add) / mean time";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var op = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<OpsCase>().FirstOrDefault();
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return op is null || stats is null ? "-" : (op.Flops / stats.Mean).ToString("F2"); // FLOP per ns = GFLOP/s
    }
}
