namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>One journal row as read back.</summary>
/// <param name="Ordering">Global, strictly increasing across all persistence ids (for projections).</param>
public sealed record PersistedEvent(
    string PersistenceId,
    long SequenceNr,
    long Ordering,
    DateTimeOffset Timestamp,
    long WriterEpoch,
    string EventType,
    int EventVersion,
    ReadOnlyMemory<byte> Payload);
