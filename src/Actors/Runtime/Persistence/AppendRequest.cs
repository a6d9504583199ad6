namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// One atomic append: all events are written or none. Sequence numbers must be contiguous and start right after the
/// highest one recorded for <see cref="PersistenceId"/>; <see cref="WriterEpoch"/> must not be older than the epoch
/// recorded for it (a newer epoch is recorded by the append).
/// </summary>
public sealed record AppendRequest(string PersistenceId, long WriterEpoch, IReadOnlyList<JournalEvent> Events);
