using ActorStudio.Actors.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// Keeps <see cref="AnalyticsProjection"/> current: rebuilds it from the whole journal at start, then polls the
/// journal's global ordering for new rows. Rows are translated through <see cref="AnalyticsEventMap"/>.
/// </summary>
public sealed class AnalyticsProjectionService(
    AnalyticsProjection projection,
    AnalyticsEventMap map,
    AnalyticsJournalAccess journals,
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<AnalyticsProjectionService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IJournalFeed? _feed;
    private long _gapAt = -1;
    private DateTimeOffset _gapSeenAt;

    /// <summary>False when the node has no journal that can be read in global order: the figures stay empty.</summary>
    public bool HasFeed => (_feed ??= journals.Feed) is not null;

    /// <summary>Forgets the projection and replays every journal row into it.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            projection.Reset();
            _gapAt = -1;
            await CatchUpLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies every row appended since the last call; returns the projection's position.</summary>
    public async Task<long> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpLockedAsync(cancellationToken).ConfigureAwait(false);
            return projection.Position;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _feed ??= journals.Feed;
        if (_feed is null)
        {
            logger.LogWarning("No journal with a global feed is registered; analytics figures stay empty");
            return;
        }

        var poll = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.PollMilliseconds));
        try
        {
            await RebuildAsync(stoppingToken).ConfigureAwait(false);
            logger.LogInformation("Analytics projection rebuilt up to journal position {Position}", projection.Position);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(poll, time, stoppingToken).ConfigureAwait(false);
                try
                {
                    await CatchUpAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A journal hiccup (failover, lock timeout) must not end the projection: try again next poll.
                    logger.LogWarning(ex, "Analytics projection could not read the journal after position {Position}", projection.Position);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CatchUpLockedAsync(CancellationToken cancellationToken)
    {
        _feed ??= journals.Feed;
        if (_feed is null)
        {
            return;
        }

        var pageSize = Math.Max(1, options.Value.PageSize);
        while (true)
        {
            var rows = await _feed.ReadAllAsync(projection.Position, pageSize, cancellationToken).ConfigureAwait(false);
            var applied = 0;
            foreach (var row in rows)
            {
                if (row.Ordering != projection.Position + 1 && !GapIsFinal(row))
                {
                    return; // a lower ordering may still commit: wait for it (or for the timeout) on the next poll
                }

                Apply(row);
                applied++;
            }

            if (rows.Count < pageSize || applied < rows.Count)
            {
                return;
            }
        }
    }

    private bool GapIsFinal(PersistedEvent next)
    {
        var now = time.GetUtcNow();
        var timeout = TimeSpan.FromMilliseconds(options.Value.GapTimeoutMilliseconds);
        // A row older than the timeout cannot be followed by a commit still in flight before it.
        if (now - next.Timestamp >= timeout)
        {
            return true;
        }

        if (_gapAt != projection.Position)
        {
            _gapAt = projection.Position;
            _gapSeenAt = now;
            return false;
        }

        if (now - _gapSeenAt < timeout)
        {
            return false;
        }

        logger.LogInformation("Skipping journal ordering gap after {Position} (next row {Ordering})", projection.Position, next.Ordering);
        return true;
    }

    private void Apply(PersistedEvent row)
    {
        IReadOnlyList<AnalyticsEvent> events;
        try
        {
            events = map.IsMapped(row.EventType) ? [.. map.Translate(row, map.SessionIdOf(row.PersistenceId))] : [];
        }
        catch (Exception ex)
        {
            // One unreadable row must not stall the dashboard forever: log it and move on.
            logger.LogWarning(ex, "Analytics skipped journal row {PersistenceId}#{SequenceNr} ({EventType})", row.PersistenceId, row.SequenceNr, row.EventType);
            events = [];
        }

        projection.Apply(row.Ordering, events);
    }
}
