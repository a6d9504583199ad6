namespace ActorStudio.Node.Analytics;

/// <summary>
/// Latency samples in milliseconds, bounded: past <c>capacity</c> the oldest are overwritten, so percentiles describe
/// the most recent samples (deterministic, so a rebuild gives the same figures).
/// </summary>
internal sealed class LatencySamples(int capacity)
{
    private readonly List<double> _values = [];
    private int _next;

    public int Count => _values.Count;

    public void Add(double milliseconds)
    {
        if (_values.Count < capacity)
        {
            _values.Add(milliseconds);
            return;
        }

        _values[_next] = milliseconds;
        _next = (_next + 1) % capacity;
    }

    public LatencySummary Summarize()
    {
        if (_values.Count == 0)
        {
            return new LatencySummary(0, null, null);
        }

        var sorted = _values.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95));
    }

    public void CountInto(IReadOnlyList<double> upperBounds, long[] bins)
    {
        foreach (var v in _values)
        {
            var i = 0;
            while (i < upperBounds.Count && v > upperBounds[i])
            {
                i++;
            }

            bins[i]++;
        }
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least p of all samples at or below it.</summary>
    internal static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
