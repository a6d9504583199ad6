namespace ActorStudio.Node.Observability;

/// <summary>
/// The time series of one instrument, found by their label set without allocating on the measurement path:
/// readers scan an immutable array; a new label set takes a lock and publishes a copy. Label sets per instrument
/// are few (fixed reasons, scopes), so a linear scan beats hashing a key out of the tags.
/// </summary>
internal sealed class SeriesTable<TSeries>(Func<TSeries> create, int maxSeries)
    where TSeries : class
{
    private static readonly KeyValuePair<string, object?>[] OverflowLabels = [new("otel_metric_overflow", "true")];

    private readonly Lock _gate = new();
    private volatile Entry[] _entries = [];

    public int Count => _entries.Length;

    public TSeries GetOrAdd(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var entries = _entries;
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Matches(tags))
            {
                return entries[i].Series;
            }
        }

        return Add(tags);
    }

    /// <summary>A snapshot of the series and their labels (sorted by name) for one scrape.</summary>
    public Entry[] Snapshot() => _entries;

    public void Clear()
    {
        lock (_gate)
        {
            _entries = [];
        }
    }

    private TSeries Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var entries = _entries;
            for (var i = 0; i < entries.Length; i++)
            {
                if (entries[i].Matches(tags))
                {
                    return entries[i].Series;
                }
            }

            KeyValuePair<string, object?>[] labels;
            if (entries.Length >= maxSeries)
            {
                // Cardinality guard: a caller that puts ids into labels must not exhaust memory; the excess is
                // summed into one overflow series, which an alert can watch for.
                for (var i = 0; i < entries.Length; i++)
                {
                    if (entries[i].Matches(OverflowLabels))
                    {
                        return entries[i].Series;
                    }
                }

                labels = OverflowLabels;
            }
            else
            {
                labels = tags.ToArray();
                Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            }

            var entry = new Entry(labels, create());
            var next = new Entry[entries.Length + 1];
            Array.Copy(entries, next, entries.Length);
            next[^1] = entry;
            _entries = next;
            return entry.Series;
        }
    }

    internal sealed class Entry(KeyValuePair<string, object?>[] labels, TSeries series)
    {
        public KeyValuePair<string, object?>[] Labels { get; } = labels;

        public TSeries Series { get; } = series;

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != Labels.Length)
            {
                return false;
            }

            // Same set regardless of the order the caller passed them in.
            for (var i = 0; i < tags.Length; i++)
            {
                var found = false;
                for (var j = 0; j < Labels.Length; j++)
                {
                    if (string.Equals(tags[i].Key, Labels[j].Key, StringComparison.Ordinal))
                    {
                        found = Equals(tags[i].Value, Labels[j].Value);
                        break;
                    }
                }

                if (!found)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
