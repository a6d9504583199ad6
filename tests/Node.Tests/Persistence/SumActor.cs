using System.Buffers.Binary;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Tests.Persistence;

internal sealed record Added(long Amount, long Position);

internal sealed record SumState(long Sum, long Checksum);

/// <summary>A persistent actor whose state depends on event ORDER (the checksum), not only on the set of events.</summary>
internal sealed class SumActor(string id) : PersistentActor
{
    private long _sum;
    private long _checksum;

    public override string PersistenceId => id;

    public static EventSerializerRegistry Serializer() => new EventSerializerRegistry()
        .Register<Added>("added", 1, (w, e) =>
        {
            var span = w.GetSpan(16);
            BinaryPrimitives.WriteInt64LittleEndian(span, e.Amount);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], e.Position);
            w.Advance(16);
        }, (p, _) => new Added(BinaryPrimitives.ReadInt64LittleEndian(p.Span), BinaryPrimitives.ReadInt64LittleEndian(p.Span[8..])))
        .Register<SumState>("sum-state", 1, (w, s) =>
        {
            var span = w.GetSpan(16);
            BinaryPrimitives.WriteInt64LittleEndian(span, s.Sum);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], s.Checksum);
            w.Advance(16);
        }, (p, _) => new SumState(BinaryPrimitives.ReadInt64LittleEndian(p.Span), BinaryPrimitives.ReadInt64LittleEndian(p.Span[8..])));

    protected override async ValueTask OnReceiveAsync(object message)
    {
        switch (message)
        {
            case long[] amounts:
                var events = new object[amounts.Length];
                for (var i = 0; i < amounts.Length; i++)
                {
                    events[i] = new Added(amounts[i], LastSequenceNr + 1 + i);
                }

                await PersistAllAsync(events);
                Sender?.Tell(LastSequenceNr, Self);
                break;
            case "state":
                Sender?.Tell(new SumState(_sum, _checksum), Self);
                break;
            case "recovered":
                Sender?.Tell(RecoveredEventCount, Self);
                break;
        }
    }

    protected override void ApplyEvent(object @event)
    {
        var added = (Added)@event;
        _sum += added.Amount;
        _checksum = unchecked((_checksum * 1_000_003) + added.Amount + added.Position);
    }

    protected override object? GetSnapshotState() => new SumState(_sum, _checksum);

    protected override void ApplySnapshot(object state)
    {
        var s = (SumState)state;
        (_sum, _checksum) = (s.Sum, s.Checksum);
    }
}
