using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Analytics;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Analytics;

/// <summary>A gap in the global ordering may be a commit still in flight: the projection waits, then moves on.</summary>
public sealed class OrderingGapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_fresh_gap_is_waited_for_and_filled_rows_are_applied_in_order()
    {
        var clock = new ManualTimeProvider(T0);
        var feed = new ListFeed();
        await using var services = Build(clock, feed);
        var service = services.GetRequiredService<AnalyticsProjectionService>();

        feed.Rows.Add(Fact(1, T0, "p1"));
        feed.Rows.Add(Fact(3, T0, "p3")); // ordering 2 not visible yet
        Assert.Equal(1, await service.CatchUpAsync(CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(1));
        feed.Rows.Insert(1, Fact(2, T0, "p2")); // the slow commit lands
        Assert.Equal(3, await service.CatchUpAsync(CancellationToken.None));
        Assert.Equal(3, services.GetRequiredService<AnalyticsProjection>().NodeReport().Figures.JoinsOk);
    }

    [Fact]
    public async Task A_gap_that_stays_is_skipped_after_the_timeout()
    {
        var clock = new ManualTimeProvider(T0);
        var feed = new ListFeed();
        await using var services = Build(clock, feed);
        var service = services.GetRequiredService<AnalyticsProjectionService>();

        feed.Rows.Add(Fact(1, T0, "p1"));
        feed.Rows.Add(Fact(3, T0, "p3")); // 2 was rolled back: never comes
        Assert.Equal(1, await service.CatchUpAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await service.CatchUpAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(2)); // past the 3 s timeout
        Assert.Equal(3, await service.CatchUpAsync(CancellationToken.None));
        Assert.Equal(2, services.GetRequiredService<AnalyticsProjection>().NodeReport().Figures.JoinsOk);
    }

    [Fact]
    public async Task Old_gaps_found_while_rebuilding_are_skipped_at_once()
    {
        var clock = new ManualTimeProvider(T0.AddHours(1));
        var feed = new ListFeed();
        await using var services = Build(clock, feed);
        feed.Rows.Add(Fact(1, T0, "p1"));
        feed.Rows.Add(Fact(5, T0, "p5"));
        await services.GetRequiredService<AnalyticsProjectionService>().RebuildAsync(CancellationToken.None);
        Assert.Equal(5, services.GetRequiredService<AnalyticsProjection>().Position);
    }

    private static ServiceProvider Build(ManualTimeProvider clock, ListFeed feed)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton<IJournal>(new InMemoryJournal());
        collection.AddSingleton<IJournalFeed>(feed);
        collection.AddStudioAnalytics(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:Analytics:GapTimeoutMilliseconds"] = "3000",
        }).Build());
        collection.AddAnalyticsMapping((map, _) => TestFact.Register(map));
        return collection.BuildServiceProvider();
    }

    private static PersistedEvent Fact(long ordering, DateTimeOffset at, string participant) =>
        new("session-s1", ordering, ordering, at, 0, TestFact.TypeName, 1,
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new TestFact(AnalyticsEventKind.JoinOk, at, participant)));

    private sealed class ListFeed : IJournalFeed
    {
        public List<PersistedEvent> Rows { get; } = [];

        public Task<IReadOnlyList<PersistedEvent>> ReadAllAsync(long afterOrdering, int maxCount, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PersistedEvent>>(Rows.Where(r => r.Ordering > afterOrdering).Take(maxCount).ToList());
    }
}
