using System.Buffers.Binary;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Actors.Tests.Runtime;

/// <summary>Forwards everything it receives to a target (with the original sender preserved in a wrapper).</summary>
internal sealed class ForwardingActor(IActorRef target) : Actor
{
    protected override ValueTask OnReceiveAsync(object message)
    {
        target.Tell(message, Sender);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Replies with what it got; throws on "boom".</summary>
internal sealed class EchoActor : Actor
{
    protected override ValueTask OnReceiveAsync(object message)
    {
        if (message is "boom")
        {
            throw new InvalidOperationException("boom");
        }

        Sender?.Tell(message, Self);
        return ValueTask.CompletedTask;
    }
}

internal sealed record Increment(int By);

internal sealed record Incremented(int By);

internal sealed record GetCount;

internal sealed record CounterState(long Total);

/// <summary>A persistent counter: the smallest persistent actor that shows persist/recover/snapshot.</summary>
internal sealed class CounterActor(string id, long epoch = 0, Action<string>? onStart = null) : PersistentActor
{
    private long _total;

    public override string PersistenceId => id;

    protected override long WriterEpoch => epoch;

    protected override async ValueTask OnReceiveAsync(object message)
    {
        switch (message)
        {
            case Increment increment:
                await PersistAsync(new Incremented(increment.By));
                Sender?.Tell(_total, Self);
                break;
            case Increment[] many:
                var events = new object[many.Length];
                for (var i = 0; i < many.Length; i++)
                {
                    events[i] = new Incremented(many[i].By);
                }

                await PersistAllAsync(events);
                Sender?.Tell(_total, Self);
                break;
            case GetCount:
                Sender?.Tell(new CounterReport(_total, LastSequenceNr, RecoveredEventCount), Self);
                break;
            case "crash":
                throw new InvalidOperationException("crash requested");
        }
    }

    protected override void ApplyEvent(object @event)
    {
        if (@event is Incremented incremented)
        {
            _total += incremented.By;
        }
    }

    protected override object? GetSnapshotState() => new CounterState(_total);

    protected override void ApplySnapshot(object state) => _total = ((CounterState)state).Total;

    protected override ValueTask OnRecoveryCompletedAsync()
    {
        onStart?.Invoke($"recovered:{_total}");
        return ValueTask.CompletedTask;
    }
}

internal sealed record CounterReport(long Total, long LastSequenceNr, long RecoveredEventCount);

internal static class TestSerializers
{
    /// <summary>Incremented v2 is an int32; v1 stored the amount as one byte (used to test upcasting).</summary>
    public static EventSerializerRegistry Counter() => new EventSerializerRegistry()
        .Register<Incremented>("incremented", 2,
            (w, e) =>
            {
                BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), e.By);
                w.Advance(4);
            },
            (p, v) => v == 1 ? new Incremented(p.Span[0]) : new Incremented(BinaryPrimitives.ReadInt32LittleEndian(p.Span)))
        .Register<CounterState>("counter-state", 1,
            (w, s) =>
            {
                BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), s.Total);
                w.Advance(8);
            },
            (p, _) => new CounterState(BinaryPrimitives.ReadInt64LittleEndian(p.Span)));
}

/// <summary>A journal decorator that counts appends, to prove "one append per turn".</summary>
internal sealed class CountingJournal(IJournal inner) : IJournal
{
    private int _appends;

    public int Appends => Volatile.Read(ref _appends);

    public int MaxPayloadBytes => inner.MaxPayloadBytes;

    public Task AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _appends);
        return inner.AppendAsync(request, cancellationToken);
    }

    public IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, CancellationToken cancellationToken) =>
        inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        inner.DeleteUpToAsync(persistenceId, toSequenceNr, cancellationToken);

    public Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken) =>
        inner.RaiseWriterEpochAsync(persistenceId, epoch, cancellationToken);

    public Task<long> ReadWriterEpochAsync(string persistenceId, CancellationToken cancellationToken) =>
        inner.ReadWriterEpochAsync(persistenceId, cancellationToken);
}
