using ActorStudio.Actors.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// Writes the facts that have no session journal to live in: failed joins and page beacons. Each node owns its
/// own streams (<c>analytics-joins-{node}</c>, <c>analytics-page-{node}</c>), so it is their single writer; the
/// projection reads them from the journal like every other event.
/// </summary>
/// <remarks>Call <see cref="RecordJoinFailedAsync"/> from the join endpoint for every refused join.</remarks>
public sealed class AnalyticsRecorder(AnalyticsJournalAccess journals, IOptions<AnalyticsOptions> options, TimeProvider time, ILogger<AnalyticsRecorder> logger) : IDisposable
{
    public const string JoinStreamPrefix = "analytics-joins-";
    public const string PageStreamPrefix = "analytics-page-";

    private readonly Stream _joins = new(JoinStreamPrefix + options.Value.ResolveNodeName());
    private readonly Stream _pages = new(PageStreamPrefix + options.Value.ResolveNodeName());

    /// <summary>A join was refused. <paramref name="reason"/>: unknown_session, wrong_code, rate_limited, invalid_input, … (a small fixed set).</summary>
    public Task RecordJoinFailedAsync(string sessionId, string reason, CancellationToken cancellationToken)
    {
        var e = new JoinAttemptFailed(Truncate(sessionId, 64), Truncate(reason, 64), time.GetUtcNow());
        return AppendAsync(_joins, JoinAttemptFailed.TypeName, JoinAttemptFailed.SchemaVersion, AnalyticsStreamCodec.Write(e), cancellationToken);
    }

    /// <summary>A page event the browser sent (already allow-listed and rate-limited by the beacon endpoint).</summary>
    public Task RecordPageEventAsync(string name, string? sessionId, CancellationToken cancellationToken)
    {
        var e = new PageEventRecorded(name, sessionId, time.GetUtcNow());
        return AppendAsync(_pages, PageEventRecorded.TypeName, PageEventRecorded.SchemaVersion, AnalyticsStreamCodec.Write(e), cancellationToken);
    }

    public void Dispose()
    {
        _joins.Gate.Dispose();
        _pages.Gate.Dispose();
    }

    private async Task AppendAsync(Stream stream, string type, int version, byte[] payload, CancellationToken cancellationToken)
    {
        var journal = journals.RequireJournal();
        await stream.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                if (stream.Highest < 0)
                {
                    stream.Highest = await journal.ReadHighestSequenceNrAsync(stream.PersistenceId, cancellationToken).ConfigureAwait(false);
                    stream.Epoch = await journal.ReadWriterEpochAsync(stream.PersistenceId, cancellationToken).ConfigureAwait(false);
                }

                var request = new AppendRequest(stream.PersistenceId, stream.Epoch, [new JournalEvent(stream.Highest + 1, type, version, payload)]);
                try
                {
                    await journal.AppendAsync(request, cancellationToken).ConfigureAwait(false);
                    stream.Highest++;
                    return;
                }
                catch (Exception ex) when (attempt == 0 && ex is JournalConflictException or StaleWriterEpochException)
                {
                    // Another process wrote under the same node name (a restart racing its predecessor): re-read once.
                    logger.LogWarning(ex, "Analytics stream {PersistenceId} moved under us; re-reading its position", stream.PersistenceId);
                    stream.Highest = -1;
                }
            }
        }
        finally
        {
            stream.Gate.Release();
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private sealed class Stream(string persistenceId)
    {
        public string PersistenceId { get; } = persistenceId;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Highest { get; set; } = -1;

        public long Epoch { get; set; }
    }
}
