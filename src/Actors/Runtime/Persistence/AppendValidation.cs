namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// The single-writer rules every journal applies before writing, in one place so all back ends refuse the same
/// appends with the same exceptions.
/// </summary>
public static class AppendValidation
{
    /// <summary>Checks what can be checked without the store: shape, contiguity, payload sizes.</summary>
    public static void ValidateShape(AppendRequest request, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.PersistenceId);
        if (request.Events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(request));
        }

        var first = request.Events[0].SequenceNr;
        if (first < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"Sequence numbers start at 1; got {first}.");
        }

        for (var i = 0; i < request.Events.Count; i++)
        {
            var e = request.Events[i];
            if (e.SequenceNr != first + i)
            {
                throw new JournalSequenceGapException(request.PersistenceId, first + i, e.SequenceNr);
            }

            ArgumentException.ThrowIfNullOrEmpty(e.EventType);
            if (e.Payload.Length > maxPayloadBytes)
            {
                throw new JournalPayloadTooLargeException(request.PersistenceId, e.SequenceNr, e.Payload.Length, maxPayloadBytes);
            }
        }
    }

    /// <summary>Checks the append against what the store has recorded for the id.</summary>
    public static void ValidateAgainst(AppendRequest request, long highestSequenceNr, long recordedEpoch)
    {
        if (request.WriterEpoch < recordedEpoch)
        {
            throw new StaleWriterEpochException(request.PersistenceId, request.WriterEpoch, recordedEpoch);
        }

        var first = request.Events[0].SequenceNr;
        if (first <= highestSequenceNr)
        {
            throw new JournalConflictException(request.PersistenceId, first, highestSequenceNr);
        }

        if (first != highestSequenceNr + 1)
        {
            throw new JournalSequenceGapException(request.PersistenceId, highestSequenceNr + 1, first);
        }
    }
}
