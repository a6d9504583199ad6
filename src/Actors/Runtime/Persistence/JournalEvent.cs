namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>One event to append: its sequence number, type name, schema version and serialized payload.</summary>
public readonly record struct JournalEvent(long SequenceNr, string EventType, int EventVersion, ReadOnlyMemory<byte> Payload);
