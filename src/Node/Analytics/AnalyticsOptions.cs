namespace ActorStudio.Node.Analytics;

/// <summary>Settings under <c>Studio:Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Studio:Analytics";

    /// <summary>Width of a time bucket in the "over time" series.</summary>
    public int BucketSeconds { get; set; } = 10;

    /// <summary>Latency samples kept per scope for percentiles (most recent win).</summary>
    public int MaxLatencySamples { get; set; } = 50_000;

    /// <summary>How often the projection polls the journal for new events.</summary>
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>Rows read per poll.</summary>
    public int PageSize { get; set; } = 2000;

    /// <summary>
    /// How long a gap in the journal's global ordering is waited for before it is skipped: with concurrent writers a
    /// lower ordering can commit after a higher one; a rolled-back insert leaves a gap forever.
    /// </summary>
    public int GapTimeoutMilliseconds { get; set; } = 3000;

    /// <summary>Points returned per series (the most recent buckets).</summary>
    public int MaxSeriesPoints { get; set; } = 360;

    /// <summary>
    /// Names this node's own analytics streams (<c>analytics-joins-{NodeName}</c>). Must differ between nodes sharing a
    /// journal; default: the machine (pod) name.
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>Page beacons accepted per client address per minute (token bucket; also the burst).</summary>
    public int BeaconsPerMinute { get; set; } = 30;

    /// <summary>Largest beacon body accepted, in bytes.</summary>
    public int MaxBeaconBytes { get; set; } = 4096;

    /// <summary>Upper bounds (ms) of the latency histogram's bins; one more bin holds everything above.</summary>
    public IList<double> HistogramBoundsMs { get; } = [250, 500, 1000, 2000, 4000, 8000, 15000, 30000, 60000];

    internal string ResolveNodeName()
    {
        var name = string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName;
        var safe = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? char.ToLowerInvariant(c) : '-');
        }

        return safe.Length == 0 ? "node" : safe.ToString();
    }
}
