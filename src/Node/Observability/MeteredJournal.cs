using System.Diagnostics;
using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Observability;

/// <summary>
/// Wraps a journal to record append latency, batch size and failures in <see cref="StudioMetrics"/>. Whoever builds
/// the node's <see cref="PersistenceSettings"/> wraps the journal once:
/// <c>new MeteredJournal(new SqliteJournal(db), metrics, "sqlite")</c>.
/// </summary>
public sealed class MeteredJournal(IJournal inner, StudioMetrics metrics, string backend) : IJournal, IJournalFeed
{
    public IJournal Inner { get; } = inner;

    public int MaxPayloadBytes => Inner.MaxPayloadBytes;

    public async Task AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Inner.AppendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.JournalAppendFailed(backend, ex switch
            {
                JournalConflictException or JournalSequenceGapException => "conflict",
                StaleWriterEpochException => "stale_epoch",
                JournalPayloadTooLargeException => "too_large",
                _ => "error",
            });
            throw;
        }

        metrics.RecordJournalAppend(backend, request.Events.Count, Stopwatch.GetElapsedTime(started));
    }

    public IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, CancellationToken cancellationToken) =>
        Inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        Inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        Inner.DeleteUpToAsync(persistenceId, toSequenceNr, cancellationToken);

    public Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken) =>
        Inner.RaiseWriterEpochAsync(persistenceId, epoch, cancellationToken);

    public Task<long> ReadWriterEpochAsync(string persistenceId, CancellationToken cancellationToken) =>
        Inner.ReadWriterEpochAsync(persistenceId, cancellationToken);

    /// <summary>Forwards to the wrapped journal's feed; register the back end's own feed when it has none.</summary>
    public Task<IReadOnlyList<PersistedEvent>> ReadAllAsync(long afterOrdering, int maxCount, CancellationToken cancellationToken) =>
        Inner is IJournalFeed feed
            ? feed.ReadAllAsync(afterOrdering, maxCount, cancellationToken)
            : throw new NotSupportedException($"{Inner.GetType().Name} has no global feed; register its IJournalFeed.");
}
