using System.Buffers.Binary;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.TestSupport.Actors;

namespace ActorStudio.Actors.Tests.Runtime;

public sealed class PersistenceTests
{
    private static ActorSystemSettings Settings(IJournal journal, ISnapshotStore snapshots, int snapshotEvery = 0, bool deleteBehind = false) => new()
    {
        Persistence = new PersistenceSettings(journal, snapshots, TestSerializers.Counter())
        {
            SnapshotEvery = snapshotEvery,
            DeleteEventsBehindSnapshot = deleteBehind,
        },
    };

    [Fact]
    public async Task ACrashedPersistentActorRestartsByReplayingItsJournal()
    {
        var journal = new InMemoryJournal();
        var starts = new List<string>();
        await using var system = ActorSystem.Create("restart", Settings(journal, new InMemorySnapshotStore()));
        var counter = system.ActorOf(Props.Create(() => new CounterActor("c-1", onStart: s => { lock (starts) { starts.Add(s); } })));
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(i * 10L, await counter.Ask<long>(new Increment(10), TimeSpan.FromSeconds(5)));
        }

        counter.Tell("crash");
        var report = await counter.Ask<CounterReport>(new GetCount(), TimeSpan.FromSeconds(5));
        Assert.Equal(new CounterReport(50, 5, 5), report);
        lock (starts)
        {
            Assert.Equal(["recovered:0", "recovered:50"], starts);
        }
    }

    [Fact]
    public async Task SnapshotsAreTakenEveryNEventsAndRecoveryReplaysOnlyWhatFollows()
    {
        var journal = new InMemoryJournal();
        var snapshots = new InMemorySnapshotStore();
        await using var system = ActorSystem.Create("snapshots", Settings(journal, snapshots, snapshotEvery: 4, deleteBehind: true));
        var counter = system.ActorOf(Props.Create(() => new CounterActor("c-2")));
        for (var i = 0; i < 10; i++)
        {
            await counter.Ask<long>(new Increment(1), TimeSpan.FromSeconds(5));
        }

        var snapshot = await snapshots.LoadLatestAsync("c-2", CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.Equal(8, snapshot.SequenceNr);
        var remaining = new List<long>();
        await foreach (var e in journal.ReplayAsync("c-2", 0, long.MaxValue, CancellationToken.None))
        {
            remaining.Add(e.SequenceNr);
        }

        Assert.Equal([9L, 10L], remaining);
        Assert.Equal(10, await journal.ReadHighestSequenceNrAsync("c-2", CancellationToken.None));

        system.Stop(counter);
        await system.WhenTerminated(counter);
        var again = system.ActorOf(Props.Create(() => new CounterActor("c-2")));
        Assert.Equal(new CounterReport(10, 10, 2), await again.Ask<CounterReport>(new GetCount(), TimeSpan.FromSeconds(5)));
        Assert.Equal(11L, await again.Ask<long>(new Increment(1), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task PersistAllIsOneAppendAndEventsAreAppliedOnlyAfterIt()
    {
        var journal = new CountingJournal(new InMemoryJournal());
        await using var system = ActorSystem.Create("persist-all", Settings(journal, new InMemorySnapshotStore()));
        var counter = system.ActorOf(Props.Create(() => new CounterActor("c-3")));
        Assert.Equal(6L, await counter.Ask<long>(new[] { new Increment(1), new Increment(2), new Increment(3) }, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, journal.Appends);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("c-3", CancellationToken.None));
    }

    [Fact]
    public async Task AnActorWhoseWriteIsRefusedStopsWithoutApplyingTheEvents()
    {
        var journal = new InMemoryJournal();
        await using var system = ActorSystem.Create("fencing", Settings(journal, new InMemorySnapshotStore()));
        var probe = new TestProbe();
        var stale = system.ActorOf(Props.Create(() => new CounterActor("c-4", epoch: 1)));
        Assert.Equal(5L, await stale.Ask<long>(new Increment(5), TimeSpan.FromSeconds(5)));
        probe.Watch(system, stale);

        // Another node takes the session over with a newer epoch.
        Assert.Equal(2, await journal.RaiseWriterEpochAsync("c-4", 2, CancellationToken.None));
        var pending = stale.Ask<long>(new Increment(100), TimeSpan.FromSeconds(2));
        await probe.ExpectMsgAsync<Terminated>();
        await Assert.ThrowsAnyAsync<Exception>(() => pending);
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("c-4", CancellationToken.None));

        var owner = system.ActorOf(Props.Create(() => new CounterActor("c-4", epoch: 2)));
        Assert.Equal(new CounterReport(5, 1, 1), await owner.Ask<CounterReport>(new GetCount(), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ASecondWriterWithoutEpochsLosesOnTheSequenceNumberAndStops()
    {
        var journal = new InMemoryJournal();
        await using var system = ActorSystem.Create("collision", Settings(journal, new InMemorySnapshotStore()));
        var probe = new TestProbe();
        var first = system.ActorOf(Props.Create(() => new CounterActor("c-5")));
        var second = system.ActorOf(Props.Create(() => new CounterActor("c-5")));
        await first.Ask<CounterReport>(new GetCount(), TimeSpan.FromSeconds(5));
        await second.Ask<CounterReport>(new GetCount(), TimeSpan.FromSeconds(5));
        probe.Watch(system, second);
        Assert.Equal(1L, await first.Ask<long>(new Increment(1), TimeSpan.FromSeconds(5)));
        second.Tell(new Increment(1000));
        await probe.ExpectMsgAsync<Terminated>();
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("c-5", CancellationToken.None));
    }

    [Fact]
    public async Task OldEventVersionsAreUpcastOnReplay()
    {
        var journal = new InMemoryJournal();
        // Version 1 of "incremented" stored the amount in a single byte.
        await journal.AppendAsync(new AppendRequest("c-6", 0,
        [
            new JournalEvent(1, "incremented", 1, new byte[] { 7 }),
            new JournalEvent(2, "incremented", 2, BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(BinaryPrimitives.ReverseEndianness(300)))),
        ]), CancellationToken.None);
        await using var system = ActorSystem.Create("upcast", Settings(journal, new InMemorySnapshotStore()));
        var counter = system.ActorOf(Props.Create(() => new CounterActor("c-6")));
        Assert.Equal(new CounterReport(307, 2, 2), await counter.Ask<CounterReport>(new GetCount(), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void TheRegistryRefusesUnknownTypesAndVersionsFromTheFuture()
    {
        var registry = TestSerializers.Counter();
        Assert.Throws<InvalidOperationException>(() => registry.Serialize("not registered"));
        Assert.Throws<InvalidOperationException>(() => registry.Deserialize("nope", 1, ReadOnlyMemory<byte>.Empty));
        Assert.Throws<InvalidOperationException>(() => registry.Deserialize("incremented", 3, new byte[4]));
        var serialized = registry.Serialize(new Incremented(42));
        Assert.Equal(("incremented", 2), (serialized.Type, serialized.Version));
        Assert.Equal(new Incremented(42), registry.Deserialize(serialized.Type, serialized.Version, serialized.Payload));
    }
}
