using System.Text.Json;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Analytics;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using K = ActorStudio.Node.Analytics.AnalyticsEventKind;

namespace ActorStudio.Node.Tests.Analytics;

public sealed class AnalyticsProjectionTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services;
    private readonly InMemoryJournal _journal = new();
    private readonly ManualTimeProvider _clock = new(T0);

    public AnalyticsProjectionTests()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(_clock);
        collection.AddSingleton<IJournal>(_journal);
        collection.AddStudioAnalytics(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:Analytics:BucketSeconds"] = "10",
            ["Studio:Analytics:NodeName"] = "test-node",
        }).Build());
        collection.AddAnalyticsMapping((map, _) => TestFact.Register(map));
        _services = collection.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private AnalyticsProjectionService Service => _services.GetRequiredService<AnalyticsProjectionService>();

    private AnalyticsProjection Projection => _services.GetRequiredService<AnalyticsProjection>();

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>
    /// The script: 3 joins ok and 3 refused (2 wrong code, 1 rate limited); four generations — g1 and g3 complete,
    /// g2 loses a variant to safety, g4 times out entirely; 11 images stored, 3 stars; one leave, one moderation.
    /// </summary>
    private async Task WriteScriptAsync()
    {
        var script = new ScriptedJournal(_journal);
        var recorder = _services.GetRequiredService<AnalyticsRecorder>();
        await script.AppendAsync("s1",
            new TestFact(K.SessionCreated, At(0)),
            new TestFact(K.JoinOk, At(1), "p1"),
            new TestFact(K.JoinOk, At(2), "p2"));
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        await recorder.RecordJoinFailedAsync("s1", "wrong_code", CancellationToken.None);
        await recorder.RecordJoinFailedAsync("s1", "wrong_code", CancellationToken.None);
        await recorder.RecordJoinFailedAsync("s1", "rate_limited", CancellationToken.None);
        await script.AppendAsync("s1", new TestFact(K.JoinOk, At(3), "p3"));

        await script.AppendAsync("s1", new TestFact(K.GenRequest, At(10), "p1", "g1", Count: 4));
        await script.AppendAsync("s1",
            new TestFact(K.GenImageStored, At(10.8), "p1", "g1"),
            new TestFact(K.GenImageStored, At(11.2), "p1", "g1"),
            new TestFact(K.GenImageStored, At(11.5), "p1", "g1"),
            new TestFact(K.GenImageStored, At(12.0), "p1", "g1"));
        await script.AppendAsync("s1", new TestFact(K.GenRequest, At(20), "p2", "g2", Count: 4));
        await script.AppendAsync("s1",
            new TestFact(K.GenImageStored, At(21.5), "p2", "g2"),
            new TestFact(K.GenImageStored, At(21.7), "p2", "g2"),
            new TestFact(K.GenVariantFailed, At(22.0), "p2", "g2", "safety"),
            new TestFact(K.GenImageStored, At(22.4), "p2", "g2"));
        await script.AppendAsync("s1", new TestFact(K.GenRequest, At(30), "p1", "g3", Count: 4));
        await script.AppendAsync("s1",
            new TestFact(K.GenImageStored, At(30.4), "p1", "g3"),
            new TestFact(K.GenImageStored, At(30.6), "p1", "g3"),
            new TestFact(K.GenImageStored, At(30.9), "p1", "g3"),
            new TestFact(K.GenImageStored, At(31.0), "p1", "g3"));
        await script.AppendAsync("s1", new TestFact(K.GenRequest, At(40), "p3", "g4", Count: 4));
        await script.AppendAsync("s1",
            new TestFact(K.GenVariantFailed, At(50), "p3", "g4", "timeout"),
            new TestFact(K.GenVariantFailed, At(50), "p3", "g4", "timeout"),
            new TestFact(K.GenVariantFailed, At(50), "p3", "g4", "timeout"),
            new TestFact(K.GenVariantFailed, At(50), "p3", "g4", "timeout"));
        await script.AppendAsync("s1",
            new TestFact(K.Favorite, At(52), "p1"),
            new TestFact(K.Favorite, At(53), "p2"),
            new TestFact(K.Favorite, At(54), "p1"),
            new TestFact(K.ModerationRemove, At(55), "p1"),
            new TestFact(K.Leave, At(60), "p3"));

        // A second session on the node: one join, one generation still running.
        await script.AppendAsync("s2",
            new TestFact(K.SessionCreated, At(5)),
            new TestFact(K.JoinOk, At(6), "q1"),
            new TestFact(K.GenRequest, At(7), "q1", "h1", Count: 4),
            new TestFact(K.GenImageStored, At(7.3), "q1", "h1"));
    }

    [Fact]
    public async Task Scripted_session_figures_equal_the_hand_computed_values_and_survive_a_rebuild()
    {
        await WriteScriptAsync();
        await Service.CatchUpAsync(CancellationToken.None);

        var s1 = Projection.SessionReport("s1")!.Figures;
        Assert.Equal(3, s1.JoinsOk);
        Assert.Equal(3, s1.JoinsFailed);
        Assert.Equal(0.5, s1.JoinSuccessRate);
        Assert.Equal(2, s1.JoinFailuresByReason["wrong_code"]);
        Assert.Equal(1, s1.JoinFailuresByReason["rate_limited"]);
        Assert.Equal(4, s1.GenerationsRequested);
        Assert.Equal(2, s1.GenerationsCompleted);
        Assert.Equal(2, s1.GenerationsFailed);
        Assert.Equal(0.5, s1.GenerationSuccessRate);
        Assert.Equal(1, s1.GenerationFailuresByReason["safety"]);
        Assert.Equal(1, s1.GenerationFailuresByReason["timeout"]);
        Assert.Equal(11, s1.ImagesStored);
        Assert.Equal(5, s1.VariantsFailed);
        // Time to first image: g1 800 ms, g2 1500 ms, g3 400 ms -> nearest rank p50 = 800, p95 = 1500.
        Assert.Equal(new LatencySummary(3, 800, 1500), Rounded(s1.TimeToFirstImage));
        // Time to all four: g1 2000 ms, g3 1000 ms -> p50 = 1000, p95 = 2000.
        Assert.Equal(new LatencySummary(2, 1000, 2000), Rounded(s1.TimeToAllFour));
        Assert.Equal(3, s1.Favorites);
        Assert.Equal(3.0 / 11, s1.ShareRate);
        Assert.Equal(1, s1.ModerationRemovals);
        Assert.Equal(1, s1.Leaves);
        Assert.Equal(2, s1.ActiveParticipants);
        Assert.Equal(1, s1.ActiveSessions);

        var node = Projection.NodeReport().Figures;
        Assert.Equal(2, node.SessionsCreated);
        Assert.Equal(4, node.JoinsOk);
        Assert.Equal(4.0 / 7, node.JoinSuccessRate);
        Assert.Equal(5, node.GenerationsRequested);
        Assert.Equal(0.5, node.GenerationSuccessRate); // h1 is still running: neither complete nor failed
        // + 300 ms from h1: [300, 400, 800, 1500] -> rank ceil(0.5*4)=2 -> 400; rank ceil(0.95*4)=4 -> 1500.
        Assert.Equal(new LatencySummary(4, 400, 1500), Rounded(node.TimeToFirstImage));
        Assert.Equal(12, node.ImagesStored);
        Assert.Equal(2, node.ActiveSessions);
        Assert.Equal(3, node.ActiveParticipants);

        var before = JsonSerializer.Serialize(new { node = Projection.NodeReport(), s1 = Projection.SessionReport("s1"), s2 = Projection.SessionReport("s2"), sessions = Projection.Sessions() });
        await Service.RebuildAsync(CancellationToken.None);
        var after = JsonSerializer.Serialize(new { node = Projection.NodeReport(), s1 = Projection.SessionReport("s1"), s2 = Projection.SessionReport("s2"), sessions = Projection.Sessions() });
        Assert.Equal(before, after);
        Assert.Contains("\"JoinsOk\":4", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_projection_rebuilt_from_the_same_journal_gives_the_same_figures()
    {
        await WriteScriptAsync();
        await Service.CatchUpAsync(CancellationToken.None);
        var first = JsonSerializer.Serialize(Projection.NodeReport());

        // Another node (a new process) reading the same journal.
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IJournal>(_journal);
        collection.AddStudioAnalytics(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Studio:Analytics:BucketSeconds"] = "10" }).Build());
        collection.AddAnalyticsMapping((map, _) => TestFact.Register(map));
        await using var other = collection.BuildServiceProvider();
        await other.GetRequiredService<AnalyticsProjectionService>().RebuildAsync(CancellationToken.None);

        Assert.Equal(first, JsonSerializer.Serialize(other.GetRequiredService<AnalyticsProjection>().NodeReport()));
    }

    [Fact]
    public async Task Series_bucket_joins_generations_and_active_participants_over_time()
    {
        await WriteScriptAsync();
        await Service.CatchUpAsync(CancellationToken.None);

        var series = Projection.SessionReport("s1")!.Series;
        // 10-second buckets from 12:00:00 to 12:01:00: seven of them, gaps filled.
        Assert.Equal(7, series.Count);
        Assert.Equal(T0.ToUnixTimeSeconds(), series[0].BucketStartUnixSeconds);
        Assert.Equal(3, series[0].JoinsOk);
        Assert.Equal(3, series[0].JoinsFailed);
        Assert.Equal(3, series[0].ActiveParticipants);
        Assert.Equal(1, series[1].GenerationsCompleted); // g1 at 12.0 s
        Assert.Equal(800, series[1].TimeToFirstImageP50Ms!.Value, 3);
        Assert.Equal(1, series[2].GenerationsFailed); // g2 at 22.4 s
        Assert.Equal(1, series[3].GenerationsCompleted); // g3 at 31.0 s
        Assert.Equal(0, series[4].GenerationsCompleted + series[4].GenerationsFailed); // 40-50 s: nothing settled
        Assert.Equal(3, series[4].ActiveParticipants); // carried over an empty bucket
        Assert.Equal(1, series[5].GenerationsFailed); // g4 at 50 s
        Assert.Equal(3, series[6].ActiveParticipants); // max within the bucket of the leave
        var nodeSeries = Projection.NodeReport(until: At(95)).Series;
        Assert.Equal(2, nodeSeries[^1].ActiveParticipants); // after the leave, carried to 'until'
        Assert.Equal(T0.AddSeconds(90).ToUnixTimeSeconds(), nodeSeries[^1].BucketStartUnixSeconds);

        var histogram = Projection.SessionReport("s1")!.Histogram;
        // Bins <=250, <=500, <=1000, <=2000 ...: first images 400, 800, 1500; all four 1000, 2000.
        Assert.Equal(new long[] { 0, 1, 1, 1, 0, 0, 0, 0, 0, 0 }, histogram.TimeToFirstImage);
        Assert.Equal(new long[] { 0, 0, 1, 1, 0, 0, 0, 0, 0, 0 }, histogram.TimeToAllFour);
    }

    [Fact]
    public async Task Failed_joins_to_unknown_sessions_count_for_the_node_but_create_no_session()
    {
        var recorder = _services.GetRequiredService<AnalyticsRecorder>();
        for (var i = 0; i < 5; i++)
        {
            await recorder.RecordJoinFailedAsync("guess-" + i, "unknown_session", CancellationToken.None);
        }

        await Service.CatchUpAsync(CancellationToken.None);

        Assert.Empty(Projection.Sessions());
        Assert.Equal(5, Projection.NodeReport().Figures.JoinFailuresByReason["unknown_session"]);
        Assert.Equal(0, Projection.NodeReport().Figures.JoinSuccessRate);
    }

    private static LatencySummary Rounded(LatencySummary s) =>
        new(s.Samples, s.P50Ms is { } a ? Math.Round(a, 3) : null, s.P95Ms is { } b ? Math.Round(b, 3) : null);
}
