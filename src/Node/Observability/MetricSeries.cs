namespace ActorStudio.Node.Observability;

/// <summary>A running sum (counters, up-down counters) or the last value (gauges, observable instruments).</summary>
internal sealed class ValueSeries
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double amount)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + amount, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value) => Volatile.Write(ref _value, value);
}

/// <summary>Cumulative histogram buckets with explicit upper bounds, as Prometheus wants them.</summary>
internal sealed class HistogramSeries(double[] bounds)
{
    private readonly long[] _buckets = new long[bounds.Length + 1];
    private readonly ValueSeries _sum = new();

    public double[] Bounds { get; } = bounds;

    public double Sum => _sum.Value;

    public void Record(double value)
    {
        var i = 0;
        while (i < Bounds.Length && value > Bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _buckets[i]);
        _sum.Add(value);
    }

    /// <summary>Copies the per-bucket counts (not cumulative; the last one is the +Inf overflow).</summary>
    public void CopyBuckets(Span<long> destination)
    {
        for (var i = 0; i < _buckets.Length; i++)
        {
            destination[i] = Interlocked.Read(ref _buckets[i]);
        }
    }
}
