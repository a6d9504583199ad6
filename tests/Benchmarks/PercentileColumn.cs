using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ActorStudio.Benchmarks;

/// <summary>A latency percentile column in milliseconds (BenchmarkDotNet ships P95 and P100 but not P99).</summary>
public sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "P" + percentile.ToString(CultureInfo.InvariantCulture);

    public string ColumnName => $"P{percentile} (ms)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 100 + percentile;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{percentile}th percentile of one operation, in milliseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null
            ? "NA"
            : (statistics.Percentiles.Percentile(percentile) / 1_000_000d).ToString("F2", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
