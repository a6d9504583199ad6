using ActorStudio.TestSupport;
using System.Diagnostics.Metrics;
using ActorStudio.Actors.Observability;
using ActorStudio.Node.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Observability;

public sealed class PrometheusCollectorTests : IDisposable
{
    private readonly ServiceProvider _services;

    public PrometheusCollectorTests()
    {
        var collection = new ServiceCollection();
        collection.AddStudioObservability(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        _services = collection.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    private StudioMetrics Metrics => _services.GetRequiredService<StudioMetrics>();

    private async Task<IReadOnlyDictionary<string, MetricFamily>> ScrapeAsync() =>
        PrometheusTextParser.Parse(await _services.GetRequiredService<PrometheusCollector>().ScrapeAsync(CancellationToken.None));

    [Fact]
    public async Task Counters_and_gauges_carry_recorded_values_with_their_labels()
    {
        _ = _services.GetRequiredService<PrometheusCollector>();
        Metrics.JoinSucceeded();
        Metrics.JoinSucceeded();
        Metrics.JoinFailed("wrong_code");
        Metrics.ConnectionOpened();
        Metrics.ConnectionOpened();
        Metrics.ConnectionOpened();
        Metrics.ConnectionClosed("normal");
        Metrics.RateLimitRefused("beacon");
        Metrics.OutboundDropped("coalesced", 7);

        var families = await ScrapeAsync();

        var joins = families["studio_joins_total"];
        Assert.Equal("counter", joins.Type);
        Assert.Equal(2, joins.Value("studio_joins_total", ("outcome", "ok")));
        Assert.Equal(1, joins.Value("studio_joins_total", ("outcome", "failed"), ("reason", "wrong_code")));
        Assert.Equal("gauge", families["studio_connections_active"].Type);
        Assert.Equal(2, families["studio_connections_active"].Value("studio_connections_active"));
        Assert.Equal(3, families["studio_connections_opened_total"].Value("studio_connections_opened_total"));
        Assert.Equal(1, families["studio_rate_limit_refusals_total"].Value("studio_rate_limit_refusals_total", ("scope", "beacon")));
        Assert.Equal(7, families["studio_outbound_dropped_total"].Value("studio_outbound_dropped_total", ("kind", "coalesced")));
        Assert.Contains("WebSocket connections open", families["studio_connections_active"].Help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Histograms_put_each_measurement_in_its_bucket_with_sum_and_count()
    {
        _ = _services.GetRequiredService<PrometheusCollector>();
        Metrics.RecordJournalAppend("sqlite", 20, TimeSpan.FromMilliseconds(0.8)); // le 0.001
        Metrics.RecordJournalAppend("sqlite", 3, TimeSpan.FromMilliseconds(4));    // le 0.005
        Metrics.RecordJournalAppend("sqlite", 1, TimeSpan.FromSeconds(3));         // +Inf only

        var families = await ScrapeAsync();
        var latency = families["studio_journal_append_duration_seconds"];
        Assert.Equal("histogram", latency.Type);
        const string Bucket = "studio_journal_append_duration_seconds_bucket";
        Assert.Equal(0, latency.Value(Bucket, ("backend", "sqlite"), ("le", "0.0005")));
        Assert.Equal(1, latency.Value(Bucket, ("backend", "sqlite"), ("le", "0.001")));
        Assert.Equal(2, latency.Value(Bucket, ("backend", "sqlite"), ("le", "0.005")));
        Assert.Equal(2, latency.Value(Bucket, ("backend", "sqlite"), ("le", "1")));
        Assert.Equal(3, latency.Value(Bucket, ("backend", "sqlite"), ("le", "+Inf")));
        Assert.Equal(3, latency.Value("studio_journal_append_duration_seconds_count", ("backend", "sqlite")));
        Assert.Equal(3.0048, latency.Value("studio_journal_append_duration_seconds_sum", ("backend", "sqlite")), 6);

        var batch = families["studio_journal_append_batch_size"];
        Assert.Equal(24, batch.Value("studio_journal_append_batch_size_sum", ("backend", "sqlite")));
        Assert.Equal(2, batch.Value("studio_journal_append_batch_size_bucket", ("backend", "sqlite"), ("le", "5")));
    }

    [Fact]
    public async Task Label_values_are_escaped_and_survive_a_round_trip()
    {
        _ = _services.GetRequiredService<PrometheusCollector>();
        const string Nasty = "a\"b\\c\nd}e,f=g";
        Metrics.RateLimitRefused(Nasty);

        var text = await _services.GetRequiredService<PrometheusCollector>().ScrapeAsync(CancellationToken.None);
        Assert.Contains("scope=\"a\\\"b\\\\c\\nd}e,f=g\"", text, StringComparison.Ordinal);
        var families = PrometheusTextParser.Parse(text);
        Assert.Equal(1, families["studio_rate_limit_refusals_total"].Value("studio_rate_limit_refusals_total", ("scope", Nasty)));
    }

    [Fact]
    public async Task Too_many_label_sets_fold_into_an_overflow_series()
    {
        var collection = new ServiceCollection();
        collection.AddStudioObservability(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Studio:Metrics:MaxSeriesPerInstrument"] = "5" })
            .Build());
        await using var services = collection.BuildServiceProvider();
        var collector = services.GetRequiredService<PrometheusCollector>();
        var metrics = services.GetRequiredService<StudioMetrics>();
        for (var i = 0; i < 12; i++)
        {
            metrics.RateLimitRefused("scope-" + i);
        }

        var family = PrometheusTextParser.Parse(await collector.ScrapeAsync(CancellationToken.None))["studio_rate_limit_refusals_total"];
        Assert.Equal(6, family.Samples.Count);
        Assert.Equal(7, family.Value("studio_rate_limit_refusals_total", ("otel_metric_overflow", "true")));
        Assert.Equal(12, family.Samples.Sum(s => s.Value));
    }

    [Fact]
    public async Task Observable_instruments_are_read_at_scrape_time_and_runtime_figures_are_included()
    {
        var collector = _services.GetRequiredService<PrometheusCollector>();
        var depth = 3;
        Metrics.Meter.CreateObservableGauge("studio.test.depth", () => depth, "{message}", "A test gauge.");

        var first = await ScrapeAsync();
        depth = 11;
        var second = await ScrapeAsync();

        Assert.Equal(3, first["studio_test_depth"].Value("studio_test_depth"));
        Assert.Equal(11, second["studio_test_depth"].Value("studio_test_depth"));
        // The process-wide System.Runtime meter: GC heap and thread pool figures come for free.
        Assert.Contains(second.Keys, k => k.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(second.Keys, k => k.StartsWith("dotnet_thread_pool_", StringComparison.Ordinal));
        GC.KeepAlive(collector);
    }

    [Fact]
    public async Task Meters_of_another_host_are_not_exported()
    {
        _ = _services.GetRequiredService<PrometheusCollector>();
        using var otherFactory = new PrivateMeterFactory();
        var other = new StudioMetrics(otherFactory);
        other.JoinFailed("from_another_host");
        Metrics.JoinFailed("here");

        var joins = (await ScrapeAsync())["studio_joins_total"];
        Assert.DoesNotContain(joins.Samples, s => s.Labels.TryGetValue("reason", out var r) && r == "from_another_host");
        Assert.Equal(1, joins.Value("studio_joins_total", ("reason", "here")));
    }
}
