using System.Buffers.Binary;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Persistence;
using Npgsql;

namespace ActorStudio.Benchmarks.Runtime;

internal static class RecoveryBench
{
    private const int Events = 100_000;

    private sealed record ChatPosted(long Author, ReadOnlyMemory<byte> Text);

    private sealed record RoomState(long Messages, long Checksum);

    private sealed class RoomActor(string id) : PersistentActor
    {
        private long _messages;
        private long _checksum;

        public override string PersistenceId => id;

        protected override int SnapshotEvery => 0;

        protected override ValueTask OnReceiveAsync(object message)
        {
            Sender?.Tell(new RoomState(_messages, _checksum), Self);
            return ValueTask.CompletedTask;
        }

        protected override void ApplyEvent(object @event)
        {
            var posted = (ChatPosted)@event;
            _messages++;
            _checksum = unchecked((_checksum * 31) + posted.Author + posted.Text.Length);
        }

        protected override object? GetSnapshotState() => new RoomState(_messages, _checksum);

        protected override void ApplySnapshot(object state) => (_messages, _checksum) = ((RoomState)state).ToTuple();

        public Task SnapshotNowAsync() => SaveSnapshotAsync();
    }

    private static (long, long) ToTuple(this RoomState s) => (s.Messages, s.Checksum);

    private static EventSerializerRegistry Serializer() => new EventSerializerRegistry()
        .Register<ChatPosted>("chat-posted", 1, (w, e) =>
        {
            var span = w.GetSpan(8 + e.Text.Length);
            BinaryPrimitives.WriteInt64LittleEndian(span, e.Author);
            e.Text.Span.CopyTo(span[8..]);
            w.Advance(8 + e.Text.Length);
        }, (p, _) => new ChatPosted(BinaryPrimitives.ReadInt64LittleEndian(p.Span), p[8..]))
        .Register<RoomState>("room-state", 1, (w, s) =>
        {
            var span = w.GetSpan(16);
            BinaryPrimitives.WriteInt64LittleEndian(span, s.Messages);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], s.Checksum);
            w.Advance(16);
        }, (p, _) => new RoomState(BinaryPrimitives.ReadInt64LittleEndian(p.Span), BinaryPrimitives.ReadInt64LittleEndian(p.Span[8..])));

    public static async Task PostgresAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(dataSource);
        await using var journal = new PostgresJournal(dataSource);
        var serializer = Serializer();
        const string id = "session-recovery";
        var text = new byte[56]; // 64-byte payloads: an author id and a short chat line
        Random.Shared.NextBytes(text);
        for (long from = 1; from <= Events; from += 1_000)
        {
            var batch = new JournalEvent[1_000];
            for (var i = 0; i < batch.Length; i++)
            {
                var payload = serializer.Serialize(new ChatPosted(from + i, text));
                batch[i] = new JournalEvent(from + i, payload.Type, payload.Version, payload.Payload);
            }

            await journal.AppendAsync(new AppendRequest(id, 0, batch), CancellationToken.None);
        }

        await using var snapshotStore = new NoSnapshotsThenReal(new PostgresSnapshotStore(dataSource));
        var settings = new ActorSystemSettings { Persistence = new PersistenceSettings(journal, snapshotStore, serializer) };
        await using var system = ActorSystem.Create("recovery", settings);

        var rawTimes = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var clock = RuntimeBench.Start();
            var rows = 0;
            await foreach (var e in journal.ReplayAsync(id, 1, long.MaxValue, CancellationToken.None))
            {
                rows++;
            }

            clock.Stop();
            if (rows != Events)
            {
                throw new InvalidOperationException($"expected {Events} rows, read {rows}");
            }

            rawTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"{"recovery: read 100,000 rows only (PostgresJournal.ReplayAsync)",-58} median {RuntimeBench.Median(rawTimes[1..]),8:N1} ms over 5 runs");

        RoomState? full = null;
        var fullTimes = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var clock = RuntimeBench.Start();
            var actor = system.ActorOf(Props.Create(() => new RoomActor(id)));
            full = await actor.Ask<RoomState>("state", TimeSpan.FromMinutes(1));
            clock.Stop();
            fullTimes.Add(clock.Elapsed.TotalMilliseconds);
            system.Stop(actor);
            await system.WhenTerminated(actor);
        }

        if (full!.Messages != Events)
        {
            throw new InvalidOperationException($"recovered {full.Messages} events");
        }

        Console.WriteLine($"{"recovery: 100,000-event session, no snapshot (actor start->reply)",-58} median {RuntimeBench.Median(fullTimes[1..]),8:N1} ms over 5 runs");

        snapshotStore.Enable();
        var writer = system.ActorOf(Props.Create(() => new SnapshotTaker(id)));
        await writer.Ask<string>("snap", TimeSpan.FromMinutes(1));
        system.Stop(writer);
        await system.WhenTerminated(writer);
        var snapTimes = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var clock = RuntimeBench.Start();
            var actor = system.ActorOf(Props.Create(() => new RoomActor(id)));
            var state = await actor.Ask<RoomState>("state", TimeSpan.FromMinutes(1));
            clock.Stop();
            if (state != full)
            {
                throw new InvalidOperationException("snapshot recovery differs from full replay");
            }

            snapTimes.Add(clock.Elapsed.TotalMilliseconds);
            system.Stop(actor);
            await system.WhenTerminated(actor);
        }

        Console.WriteLine($"{"recovery: same session from a snapshot at 100,000",-58} median {RuntimeBench.Median(snapTimes[1..]),8:N1} ms over 5 runs");
    }

    /// <summary>Takes one snapshot of the fully recovered room.</summary>
    private sealed class SnapshotTaker(string id) : PersistentActor
    {
        private long _messages;
        private long _checksum;

        public override string PersistenceId => id;

        protected override int SnapshotEvery => 0;

        protected override async ValueTask OnReceiveAsync(object message)
        {
            await SaveSnapshotAsync();
            Sender?.Tell("done", Self);
        }

        protected override void ApplyEvent(object @event)
        {
            var posted = (ChatPosted)@event;
            _messages++;
            _checksum = unchecked((_checksum * 31) + posted.Author + posted.Text.Length);
        }

        protected override object? GetSnapshotState() => new RoomState(_messages, _checksum);
    }

    /// <summary>Hides snapshots until enabled, so the first runs measure a full replay.</summary>
    private sealed class NoSnapshotsThenReal(ISnapshotStore inner) : ISnapshotStore, IAsyncDisposable
    {
        private volatile bool _enabled;

        public void Enable() => _enabled = true;

        public Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken) => inner.SaveAsync(snapshot, cancellationToken);

        public Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken) =>
            _enabled ? inner.LoadLatestAsync(persistenceId, cancellationToken) : Task.FromResult<SnapshotRecord?>(null);

        public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
            inner.DeleteUpToAsync(persistenceId, toSequenceNr, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
