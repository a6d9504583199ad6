using System.Diagnostics;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.JournalCrashHost;
using ActorStudio.Node.Persistence;

namespace ActorStudio.Node.Tests.Persistence;

/// <summary>
/// The ONE conformance suite every journal back end must pass, unchanged: subclasses only say how to create the
/// journal and how to point the crash-test child process at the same store.
/// </summary>
public abstract class JournalConformanceTests
{
    protected const int SmallPayloadLimit = 64 * 1024;

    /// <summary>Creates a journal over a FRESH, empty store.</summary>
    protected abstract Task<JournalUnderTest> CreateAsync(JournalOptions options);

    /// <summary>Back-end name and store location for the crash host; the same store must then be reopened by
    /// <see cref="ReopenAsync"/>.</summary>
    protected abstract Task<(string Backend, string Location)> CreateStoreForChildProcessAsync();

    protected abstract Task<JournalUnderTest> ReopenAsync(string location);

    private static JournalEvent Event(long sequenceNr, string type = "test", int version = 1, byte[]? payload = null) =>
        new(sequenceNr, type, version, payload ?? BitConverter.GetBytes(sequenceNr));

    private static AppendRequest Append(string id, long from, int count, long epoch = 0)
    {
        var events = new JournalEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = Event(from + i);
        }

        return new AppendRequest(id, epoch, events);
    }

    private static async Task<List<PersistedEvent>> ReadAllAsync(IJournal journal, string id, long from = 1, long to = long.MaxValue)
    {
        var list = new List<PersistedEvent>();
        await foreach (var e in journal.ReplayAsync(id, from, to, CancellationToken.None))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task EventsReplayInSequenceOrderWithEveryColumnIntactAndAGlobalOrdering()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var journal = store.Journal;
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await journal.AppendAsync(new AppendRequest("a", 3, [Event(1, "created", 2, [1, 2, 3]), Event(2, "renamed", 1, [])]), CancellationToken.None);
        await journal.AppendAsync(Append("b", 1, 3, epoch: 3), CancellationToken.None);
        await journal.AppendAsync(Append("a", 3, 4, epoch: 3), CancellationToken.None);

        var a = await ReadAllAsync(journal, "a");
        Assert.Equal([1L, 2, 3, 4, 5, 6], a.Select(e => e.SequenceNr));
        Assert.Equal(("created", 2), (a[0].EventType, a[0].EventVersion));
        Assert.Equal(new byte[] { 1, 2, 3 }, a[0].Payload.ToArray());
        Assert.Equal(("renamed", 1, 0), (a[1].EventType, a[1].EventVersion, a[1].Payload.Length));
        Assert.All(a, e => Assert.Equal(3, e.WriterEpoch));
        Assert.All(a, e => Assert.InRange(e.Timestamp, before, DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(BitConverter.GetBytes(5L), a[4].Payload.ToArray());

        var b = await ReadAllAsync(journal, "b");
        var orderings = a.Concat(b).Select(e => e.Ordering).ToList();
        Assert.Equal(orderings.Count, orderings.Distinct().Count());
        Assert.True(a[1].Ordering < b[0].Ordering && b[2].Ordering < a[2].Ordering, "ordering follows commit order across ids");

        Assert.Equal([3L, 4], (await ReadAllAsync(journal, "a", 3, 4)).Select(e => e.SequenceNr));
        Assert.Empty(await ReadAllAsync(journal, "nobody"));
        Assert.Equal(6, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task GapsAreRefusedAndWriteNothing()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var journal = store.Journal;
        await journal.AppendAsync(Append("g", 1, 3), CancellationToken.None);
        var gap = await Assert.ThrowsAsync<JournalSequenceGapException>(() => journal.AppendAsync(Append("g", 5, 2), CancellationToken.None));
        Assert.Equal((4, 5), (gap.ExpectedSequenceNr, gap.AttemptedSequenceNr));
        await Assert.ThrowsAsync<JournalSequenceGapException>(() =>
            journal.AppendAsync(new AppendRequest("g", 0, [Event(4), Event(6)]), CancellationToken.None));
        await Assert.ThrowsAsync<JournalSequenceGapException>(() => journal.AppendAsync(Append("fresh", 2, 1), CancellationToken.None));
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("g", CancellationToken.None));
        Assert.Equal(3, (await ReadAllAsync(journal, "g")).Count);
        Assert.Empty(await ReadAllAsync(journal, "fresh"));
    }

    [Fact]
    public async Task CollidingSequenceNumbersAreRefusedAndWriteNothing()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var journal = store.Journal;
        await journal.AppendAsync(Append("c", 1, 3), CancellationToken.None);
        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => journal.AppendAsync(Append("c", 3, 2), CancellationToken.None));
        Assert.Equal(3, conflict.AttemptedSequenceNr);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("c", CancellationToken.None));
        Assert.Equal([1L, 2, 3], (await ReadAllAsync(journal, "c")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task OfConcurrentWritersToOneIdExactlyOneWins()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var journal = store.Journal;
        for (var round = 0; round < 10; round++)
        {
            var id = $"contended-{round}";
            var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                var events = Enumerable.Range(1, 5).Select(n => Event(n, "w", 1, [(byte)writer, (byte)n])).ToArray();
                try
                {
                    await journal.AppendAsync(new AppendRequest(id, 0, events), CancellationToken.None);
                    return writer;
                }
                catch (JournalConflictException)
                {
                    return -1;
                }
            })).ToArray();
            var results = await Task.WhenAll(writers);
            var winners = results.Where(r => r >= 0).ToArray();
            Assert.Single(winners);
            var stored = await ReadAllAsync(journal, id);
            Assert.Equal(5, stored.Count);
            Assert.All(stored, e => Assert.Equal(winners[0], e.Payload.Span[0]));
        }
    }

    [Fact]
    public async Task StaleWriterEpochsAreFencedOut()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var journal = store.Journal;
        await journal.AppendAsync(Append("e", 1, 2, epoch: 1), CancellationToken.None);
        Assert.Equal(1, await journal.ReadWriterEpochAsync("e", CancellationToken.None));
        Assert.Equal(2, await journal.RaiseWriterEpochAsync("e", 2, CancellationToken.None));

        var stale = await Assert.ThrowsAsync<StaleWriterEpochException>(() => journal.AppendAsync(Append("e", 3, 1, epoch: 1), CancellationToken.None));
        Assert.Equal((1, 2), (stale.WriterEpoch, stale.RecordedEpoch));
        await Assert.ThrowsAsync<StaleWriterEpochException>(() => journal.RaiseWriterEpochAsync("e", 1, CancellationToken.None));
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync("e", CancellationToken.None));

        await journal.AppendAsync(Append("e", 3, 1, epoch: 2), CancellationToken.None);
        await journal.AppendAsync(Append("e", 4, 1, epoch: 5), CancellationToken.None);
        Assert.Equal(5, await journal.ReadWriterEpochAsync("e", CancellationToken.None));
        await Assert.ThrowsAsync<StaleWriterEpochException>(() => journal.AppendAsync(Append("e", 5, 1, epoch: 2), CancellationToken.None));
        Assert.Equal(7, await journal.RaiseWriterEpochAsync("never-written", 7, CancellationToken.None));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("never-written", CancellationToken.None));
    }

    [Fact]
    public async Task ARefusedAppendDoesNotFailTheOthersInItsGroupCommit()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var journal = store.Journal;
        await journal.AppendAsync(Append("taken", 1, 1), CancellationToken.None);
        var good = Enumerable.Range(0, 50).Select(i => journal.AppendAsync(Append($"ok-{i}", 1, 20), CancellationToken.None)).ToList();
        var bad = journal.AppendAsync(Append("taken", 1, 1), CancellationToken.None);
        await Task.WhenAll(good);
        await Assert.ThrowsAsync<JournalConflictException>(() => bad);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(20, await journal.ReadHighestSequenceNrAsync($"ok-{i}", CancellationToken.None));
        }
    }

    [Fact]
    public async Task DeletingBehindASnapshotKeepsTheHighestSequenceNumber()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var journal = store.Journal;
        await journal.AppendAsync(Append("d", 1, 5), CancellationToken.None);
        await journal.DeleteUpToAsync("d", 3, CancellationToken.None);
        Assert.Equal([4L, 5], (await ReadAllAsync(journal, "d")).Select(e => e.SequenceNr));
        await journal.DeleteUpToAsync("d", 5, CancellationToken.None);
        Assert.Empty(await ReadAllAsync(journal, "d"));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync("d", CancellationToken.None));
        await Assert.ThrowsAsync<JournalConflictException>(() => journal.AppendAsync(Append("d", 1, 1), CancellationToken.None));
        await journal.AppendAsync(Append("d", 6, 1), CancellationToken.None);
    }

    [Fact]
    public async Task PayloadsOverTheLimitAreRefusedClearlyAndWholly()
    {
        await using var store = await CreateAsync(new JournalOptions { MaxPayloadBytes = SmallPayloadLimit });
        var journal = store.Journal;
        Assert.Equal(SmallPayloadLimit, journal.MaxPayloadBytes);
        var atLimit = new byte[SmallPayloadLimit];
        Random.Shared.NextBytes(atLimit);
        await journal.AppendAsync(new AppendRequest("p", 0, [Event(1, payload: atLimit)]), CancellationToken.None);
        var tooLarge = await Assert.ThrowsAsync<JournalPayloadTooLargeException>(() =>
            journal.AppendAsync(new AppendRequest("p", 0, [Event(2), Event(3, payload: new byte[SmallPayloadLimit + 1])]), CancellationToken.None));
        Assert.Contains("limit is 65536", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("p", CancellationToken.None));
        Assert.Equal(atLimit, (await ReadAllAsync(journal, "p"))[0].Payload.ToArray());
    }

    [Fact]
    public async Task SnapshotPlusReplayEqualsFullReplay()
    {
        await using var store = await CreateAsync(new JournalOptions());
        var withSnapshots = new PersistenceSettings(store.Journal, store.Snapshots, SumActor.Serializer()) { SnapshotEvery = 10 };
        var random = new Random(1234);
        await using (var system = ActorSystem.Create("writer", new ActorSystemSettings { Persistence = withSnapshots }))
        {
            var actor = system.ActorOf(Props.Create(() => new SumActor("sum")));
            for (var turn = 0; turn < 12; turn++)
            {
                var amounts = Enumerable.Range(0, random.Next(1, 9)).Select(_ => (long)random.Next(-1000, 1000)).ToArray();
                await actor.Ask<long>(amounts, TimeSpan.FromSeconds(10));
            }
        }

        Assert.NotNull(await store.Snapshots.LoadLatestAsync("sum", CancellationToken.None));
        SumState fromSnapshot, fromFullReplay;
        long replayedAfterSnapshot, replayedInFull;
        await using (var system = ActorSystem.Create("snap-reader", new ActorSystemSettings { Persistence = withSnapshots }))
        {
            var actor = system.ActorOf(Props.Create(() => new SumActor("sum")));
            fromSnapshot = await actor.Ask<SumState>("state", TimeSpan.FromSeconds(10));
            replayedAfterSnapshot = await actor.Ask<long>("recovered", TimeSpan.FromSeconds(10));
        }

        var noSnapshots = withSnapshots with { SnapshotStore = new InMemorySnapshotStore() };
        await using (var system = ActorSystem.Create("full-reader", new ActorSystemSettings { Persistence = noSnapshots }))
        {
            var actor = system.ActorOf(Props.Create(() => new SumActor("sum")));
            fromFullReplay = await actor.Ask<SumState>("state", TimeSpan.FromSeconds(10));
            replayedInFull = await actor.Ask<long>("recovered", TimeSpan.FromSeconds(10));
        }

        Assert.Equal(fromFullReplay, fromSnapshot);
        Assert.Equal(await store.Journal.ReadHighestSequenceNrAsync("sum", CancellationToken.None), replayedInFull);
        Assert.True(replayedAfterSnapshot < replayedInFull, $"snapshot recovery replayed {replayedAfterSnapshot} of {replayedInFull} events");
    }

    [Fact]
    public async Task AfterAKillBetweenBatchesNothingAcknowledgedIsLostAndNothingIsHalfWritten()
    {
        const int perBatch = 20;
        var (backend, location) = await CreateStoreForChildProcessAsync();
        var hostDll = Path.Combine(AppContext.BaseDirectory, "ActorStudio.JournalCrashHost.dll");
        Assert.True(File.Exists(hostDll), $"crash host not built at {hostDll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { hostDll, backend, location, "victim", perBatch.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        long lastAcked = 0;
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                while (lastAcked < 40 * perBatch)
                {
                    var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                        ?? throw new InvalidOperationException("crash host exited early: " + await stderr);
                    if (line.StartsWith("acked ", StringComparison.Ordinal))
                    {
                        lastAcked = long.Parse(line[6..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
            finally
            {
                process.Kill(); // SIGKILL on Unix: no flush, no finally blocks in the child.
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await using var store = await ReopenAsync(location);
        var highest = await store.Journal.ReadHighestSequenceNrAsync("victim", CancellationToken.None);
        Assert.True(highest >= lastAcked, $"acknowledged {lastAcked} but only {highest} survived");
        Assert.Equal(0, highest % perBatch);
        var events = await ReadAllAsync(store.Journal, "victim");
        Assert.Equal(highest, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(i + 1, events[i].SequenceNr);
            Assert.Equal(CrashPayload.For(i + 1), events[i].Payload.ToArray());
        }

        // The store is still writable after the crash and continues where it was.
        await store.Journal.AppendAsync(Append("victim", highest + 1, 1), CancellationToken.None);
    }
}
