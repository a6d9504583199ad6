namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// The journal refused an append because another writer owns the persistence id (or did since). The default
/// <see cref="SupervisorStrategy"/> STOPS an actor that gets one: it must not apply the events nor fight the owner.
/// </summary>
public abstract class JournalRefusedException(string persistenceId, string message) : Exception(message)
{
    public string PersistenceId { get; } = persistenceId;
}

/// <summary>An appended sequence number is already taken: someone else wrote to this id.</summary>
public sealed class JournalConflictException(string persistenceId, long attemptedSequenceNr, long highestSequenceNr)
    : JournalRefusedException(persistenceId, $"Append to '{persistenceId}' refused: sequence number {attemptedSequenceNr} collides (highest recorded is {highestSequenceNr}).")
{
    public long AttemptedSequenceNr { get; } = attemptedSequenceNr;

    public long HighestSequenceNr { get; } = highestSequenceNr;
}

/// <summary>An append skips sequence numbers, or its own numbers are not contiguous.</summary>
public sealed class JournalSequenceGapException(string persistenceId, long expectedSequenceNr, long attemptedSequenceNr)
    : JournalRefusedException(persistenceId, $"Append to '{persistenceId}' refused: expected sequence number {expectedSequenceNr}, got {attemptedSequenceNr}.")
{
    public long ExpectedSequenceNr { get; } = expectedSequenceNr;

    public long AttemptedSequenceNr { get; } = attemptedSequenceNr;
}

/// <summary>The writer's epoch is older than the one recorded for the id: another node has taken it over.</summary>
public sealed class StaleWriterEpochException(string persistenceId, long writerEpoch, long recordedEpoch)
    : JournalRefusedException(persistenceId, $"Write to '{persistenceId}' refused: writer epoch {writerEpoch} is older than the recorded epoch {recordedEpoch}.")
{
    public long WriterEpoch { get; } = writerEpoch;

    public long RecordedEpoch { get; } = recordedEpoch;
}

/// <summary>An event payload exceeds <see cref="IJournal.MaxPayloadBytes"/>. Nothing of the append was written.</summary>
public sealed class JournalPayloadTooLargeException(string persistenceId, long sequenceNr, int payloadBytes, int maxPayloadBytes)
    : Exception($"Append to '{persistenceId}' refused: event {sequenceNr} is {payloadBytes} bytes, the limit is {maxPayloadBytes}.")
{
    public string PersistenceId { get; } = persistenceId;

    public int PayloadBytes { get; } = payloadBytes;

    public int MaxPayloadBytes { get; } = maxPayloadBytes;
}
