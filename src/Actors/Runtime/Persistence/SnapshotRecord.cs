namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>A serialized state of one persistent actor as of <see cref="SequenceNr"/>.</summary>
public sealed record SnapshotRecord(
    string PersistenceId,
    long SequenceNr,
    DateTimeOffset Timestamp,
    string StateType,
    int StateVersion,
    ReadOnlyMemory<byte> Payload);
