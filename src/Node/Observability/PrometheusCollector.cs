using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Observability;

/// <summary>
/// Listens to the node's meters with a <see cref="MeterListener"/> and keeps cumulative aggregates that
/// <see cref="WriteTo"/> renders in the Prometheus text exposition format (version 0.0.4). Written here because the
/// OpenTelemetry exporter packages do not restore on these machines.
/// </summary>
/// <remarks>
/// Only meters created by this host's <see cref="IMeterFactory"/> are listened to (plus the process-wide
/// <c>System.Runtime</c> meter), so two hosts in one process (tests) never mix their figures.
/// </remarks>
public sealed class PrometheusCollector : IDisposable
{
    private readonly MeterListener _listener;
    private readonly IMeterFactory _meterFactory;
    private readonly MetricsOptions _options;
    private readonly Lock _instrumentsGate = new();
    private readonly List<InstrumentState> _instruments = [];
    private readonly SemaphoreSlim _scrapeGate = new(1, 1);

    public PrometheusCollector(IMeterFactory meterFactory, IOptions<MetricsOptions> options)
    {
        _meterFactory = meterFactory;
        _options = options.Value;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<double>(static (i, m, t, s) => ((InstrumentState)s!).Record(m, t));
        _listener.SetMeasurementEventCallback<float>(static (i, m, t, s) => ((InstrumentState)s!).Record(m, t));
        _listener.SetMeasurementEventCallback<long>(static (i, m, t, s) => ((InstrumentState)s!).Record(m, t));
        _listener.SetMeasurementEventCallback<int>(static (i, m, t, s) => ((InstrumentState)s!).Record(m, t));
        _listener.SetMeasurementEventCallback<short>(static (i, m, t, s) => ((InstrumentState)s!).Record(m, t));
        _listener.SetMeasurementEventCallback<byte>(static (i, m, t, s) => ((InstrumentState)s!).Record(m, t));
        _listener.SetMeasurementEventCallback<decimal>(static (i, m, t, s) => ((InstrumentState)s!).Record((double)m, t));
        _listener.Start();
    }

    /// <summary>Renders every listened instrument. Observable instruments are read now.</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        await _scrapeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            InstrumentState[] instruments;
            lock (_instrumentsGate)
            {
                instruments = [.. _instruments];
            }

            // Observable callbacks report the current value of every series they know; series they no longer
            // report (a generation label that went away) must vanish, so start each scrape empty.
            foreach (var state in instruments)
            {
                if (state.Instrument.IsObservable)
                {
                    state.Values.Clear();
                }
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder(8192);
            WriteTo(text, instruments);
            return text.ToString();
        }
        finally
        {
            _scrapeGate.Release();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _scrapeGate.Dispose();
    }

    private static void WriteTo(StringBuilder text, InstrumentState[] instruments)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        Span<long> buckets = stackalloc long[64];
        foreach (var state in instruments)
        {
            // Two instruments under one exported name (same meter name from two versions): the first one wins,
            // a duplicate family would make the whole scrape invalid.
            if (!written.Add(state.ExportName))
            {
                continue;
            }

            text.Append("# HELP ").Append(state.ExportName).Append(' ');
            AppendHelp(text, state.Instrument.Description ?? state.Instrument.Name);
            text.Append('\n');
            text.Append("# TYPE ").Append(state.ExportName).Append(' ').Append(state.Kind switch
            {
                ExportKind.Counter => "counter",
                ExportKind.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');

            if (state.Kind == ExportKind.Histogram)
            {
                foreach (var entry in state.Histograms.Snapshot())
                {
                    var series = entry.Series;
                    var span = series.Bounds.Length + 1 <= buckets.Length ? buckets[..(series.Bounds.Length + 1)] : new long[series.Bounds.Length + 1];
                    series.CopyBuckets(span);
                    long cumulative = 0;
                    for (var i = 0; i < series.Bounds.Length; i++)
                    {
                        cumulative += span[i];
                        text.Append(state.ExportName).Append("_bucket");
                        AppendLabels(text, entry.Labels, "le", FormatDouble(series.Bounds[i]));
                        text.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    cumulative += span[^1];
                    text.Append(state.ExportName).Append("_bucket");
                    AppendLabels(text, entry.Labels, "le", "+Inf");
                    text.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    text.Append(state.ExportName).Append("_sum");
                    AppendLabels(text, entry.Labels, null, null);
                    text.Append(' ').Append(FormatDouble(series.Sum)).Append('\n');
                    text.Append(state.ExportName).Append("_count");
                    AppendLabels(text, entry.Labels, null, null);
                    text.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
            else
            {
                foreach (var entry in state.Values.Snapshot())
                {
                    text.Append(state.ExportName);
                    AppendLabels(text, entry.Labels, null, null);
                    text.Append(' ').Append(FormatDouble(entry.Series.Value)).Append('\n');
                }
            }
        }
    }

    private static void AppendLabels(StringBuilder text, KeyValuePair<string, object?>[] labels, string? extraName, string? extraValue)
    {
        if (labels.Length == 0 && extraName is null)
        {
            return;
        }

        text.Append('{');
        var first = true;
        foreach (var label in labels)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append(PrometheusNames.Label(label.Key)).Append("=\"");
            AppendLabelValue(text, Convert.ToString(label.Value, CultureInfo.InvariantCulture) ?? string.Empty);
            text.Append('"');
        }

        if (extraName is not null)
        {
            if (!first)
            {
                text.Append(',');
            }

            text.Append(extraName).Append("=\"").Append(extraValue).Append('"');
        }

        text.Append('}');
    }

    /// <summary>Label values escape backslash, double quote and line feed (exposition format rules).</summary>
    internal static void AppendLabelValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>HELP text escapes backslash and line feed only.</summary>
    private static void AppendHelp(StringBuilder text, string help)
    {
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    internal static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!ShouldListen(instrument.Meter))
        {
            return;
        }

        var state = new InstrumentState(instrument, _options.MaxSeriesPerInstrument);
        lock (_instrumentsGate)
        {
            _instruments.Add(state);
        }

        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        lock (_instrumentsGate)
        {
            _instruments.Remove((InstrumentState)state!);
        }
    }

    private bool ShouldListen(Meter meter)
    {
        // System.Runtime is process-wide (no factory scope); everything else must be ours.
        var global = string.Equals(meter.Name, "System.Runtime", StringComparison.Ordinal);
        if (!global && !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return false;
        }

        foreach (var pattern in _options.Meters)
        {
            var matches = pattern.EndsWith('*')
                ? meter.Name.StartsWith(pattern[..^1], StringComparison.Ordinal)
                : string.Equals(meter.Name, pattern, StringComparison.Ordinal);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    private enum ExportKind
    {
        Counter,
        Gauge,
        Histogram,
    }

    private sealed class InstrumentState
    {
        private readonly bool _lastValueWins;

        public InstrumentState(Instrument instrument, int maxSeries)
        {
            Instrument = instrument;
            var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            if (definition == typeof(Histogram<>))
            {
                Kind = ExportKind.Histogram;
            }
            else if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
            {
                Kind = ExportKind.Counter;
            }
            else
            {
                Kind = ExportKind.Gauge;
            }

            // Observable instruments report totals/current values; synchronous gauges report the latest value.
            _lastValueWins = instrument.IsObservable || definition == typeof(Gauge<>);
            ExportName = PrometheusNames.Metric(instrument.Name, instrument.Unit, Kind == ExportKind.Counter);
            var bounds = HistogramBounds(instrument);
            Values = new SeriesTable<ValueSeries>(static () => new ValueSeries(), maxSeries);
            Histograms = new SeriesTable<HistogramSeries>(() => new HistogramSeries(bounds), maxSeries);
        }

        public Instrument Instrument { get; }

        public ExportKind Kind { get; }

        public string ExportName { get; }

        public SeriesTable<ValueSeries> Values { get; }

        public SeriesTable<HistogramSeries> Histograms { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (Kind == ExportKind.Histogram)
            {
                Histograms.GetOrAdd(tags).Record(value);
            }
            else if (_lastValueWins)
            {
                Values.GetOrAdd(tags).Set(value);
            }
            else
            {
                Values.GetOrAdd(tags).Add(value);
            }
        }

        private static double[] HistogramBounds(Instrument instrument)
        {
            IReadOnlyList<double>? advised = instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
                Histogram<float> h => Convert(h.Advice?.HistogramBucketBoundaries),
                Histogram<long> h => Convert(h.Advice?.HistogramBucketBoundaries),
                Histogram<int> h => Convert(h.Advice?.HistogramBucketBoundaries),
                _ => null,
            };
            if (advised is { Count: > 0 })
            {
                return [.. advised];
            }

            // Without advice: the Prometheus client defaults for seconds, OpenTelemetry's for anything else.
            return string.Equals(instrument.Unit, "s", StringComparison.Ordinal)
                ? [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]
                : [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
        }

        private static double[]? Convert<T>(IReadOnlyList<T>? bounds)
            where T : struct, IConvertible
        {
            if (bounds is null)
            {
                return null;
            }

            var result = new double[bounds.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = bounds[i].ToDouble(CultureInfo.InvariantCulture);
            }

            return result;
        }
    }
}
