using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Observability;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Observability;

public sealed class MeteredJournalTests
{
    [Fact]
    public async Task Appends_are_timed_and_counted_and_refusals_are_counted_by_reason()
    {
        var collection = new ServiceCollection();
        collection.AddStudioObservability(new ConfigurationBuilder().Build());
        await using var services = collection.BuildServiceProvider();
        var collector = services.GetRequiredService<PrometheusCollector>();
        var journal = new MeteredJournal(new InMemoryJournal(), services.GetRequiredService<StudioMetrics>(), "memory");

        await journal.AppendAsync(new AppendRequest("s-1", 0, [Event(1), Event(2), Event(3)]), CancellationToken.None);
        await journal.AppendAsync(new AppendRequest("s-1", 0, [Event(4)]), CancellationToken.None);
        await Assert.ThrowsAsync<JournalConflictException>(() => journal.AppendAsync(new AppendRequest("s-1", 0, [Event(4)]), CancellationToken.None));
        await journal.RaiseWriterEpochAsync("s-1", 5, CancellationToken.None);
        await Assert.ThrowsAsync<StaleWriterEpochException>(() => journal.AppendAsync(new AppendRequest("s-1", 1, [Event(5)]), CancellationToken.None));

        var families = PrometheusTextParser.Parse(await collector.ScrapeAsync(CancellationToken.None));
        Assert.Equal(2, families["studio_journal_append_duration_seconds"].Value("studio_journal_append_duration_seconds_count", ("backend", "memory")));
        Assert.Equal(4, families["studio_journal_append_batch_size"].Value("studio_journal_append_batch_size_sum", ("backend", "memory")));
        var failures = families["studio_journal_append_failures_total"];
        Assert.Equal(1, failures.Value("studio_journal_append_failures_total", ("reason", "conflict")));
        Assert.Equal(1, failures.Value("studio_journal_append_failures_total", ("reason", "stale_epoch")));
        Assert.Equal(4, (await journal.ReadAllAsync(0, 10, CancellationToken.None)).Count);
    }

    private static JournalEvent Event(long seq) => new(seq, "t", 1, new byte[] { 1 });
}
