namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// The event journal. Implementations: <see cref="InMemoryJournal"/> (tests), SqliteJournal and PostgresJournal
/// (src/Node/Persistence). All of them pass the same conformance suite (tests/Node.Tests/Persistence).
/// Single writer is enforced HERE, not trusted to callers: colliding sequence numbers throw
/// <see cref="JournalConflictException"/>, a gap throws <see cref="JournalSequenceGapException"/>, an epoch older
/// than the recorded one throws <see cref="StaleWriterEpochException"/>. Refused appends write nothing.
/// </summary>
public interface IJournal
{
    /// <summary>Largest accepted event payload, in bytes; larger ones throw <see cref="JournalPayloadTooLargeException"/>.</summary>
    int MaxPayloadBytes { get; }

    /// <summary>Appends atomically; the returned task completes once the events are durable per the store's setting.</summary>
    Task AppendAsync(AppendRequest request, CancellationToken cancellationToken);

    /// <summary>Events of one id with <paramref name="fromSequenceNr"/> &lt;= sequence_nr &lt;= <paramref name="toSequenceNr"/>, ascending.</summary>
    IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, CancellationToken cancellationToken);

    /// <summary>Highest sequence number ever written for the id (still known after the events were deleted); 0 if none.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken);

    /// <summary>Deletes events up to and including <paramref name="toSequenceNr"/> (behind a snapshot). The highest number is kept.</summary>
    Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="epoch"/> as the id's writer epoch if it is newer (used when a node takes a lease over),
    /// so appends from older epochs are refused from now on. Throws <see cref="StaleWriterEpochException"/> if a newer
    /// epoch is already recorded. Returns the epoch now recorded.
    /// </summary>
    Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken);

    /// <summary>The writer epoch recorded for the id; 0 if none.</summary>
    Task<long> ReadWriterEpochAsync(string persistenceId, CancellationToken cancellationToken);
}
