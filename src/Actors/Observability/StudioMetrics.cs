using System.Diagnostics.Metrics;

namespace ActorStudio.Actors.Observability;

/// <summary>
/// The node's own instruments (Meter <c>ActorStudio</c>). One DI singleton per host; every part of the studio
/// records through these methods so names, units and labels stay the same everywhere. It lives in
/// <c>ActorStudio.Actors</c> (not Node) because the runtime and the session actors record most of it and must not
/// reference ASP.NET; it only needs the BCL's <see cref="IMeterFactory"/>.
/// </summary>
/// <remarks>
/// Durations are recorded in seconds (Prometheus convention). Label values must come from small fixed sets
/// (reasons, scopes, provider names), never ids: every distinct value is a new time series.
/// </remarks>
public sealed class StudioMetrics
{
    public const string MeterName = "ActorStudio";

    private readonly UpDownCounter<long> _connectionsActive;
    private readonly Counter<long> _connectionsOpened;
    private readonly Counter<long> _connectionsClosed;
    private readonly UpDownCounter<long> _sessionsActive;
    private readonly Histogram<int> _mailboxDepth;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<int> _turnEvents;
    private readonly Histogram<double> _journalAppendDuration;
    private readonly Histogram<int> _journalAppendBatch;
    private readonly Counter<long> _journalAppendFailures;
    private readonly Counter<long> _outboundDropped;
    private readonly Counter<long> _slowConsumerDisconnects;
    private readonly Histogram<double> _providerDuration;
    private readonly Counter<long> _providerErrors;
    private readonly Counter<long> _rateLimitRefusals;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _beacons;

    public StudioMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(new MeterOptions(MeterName));

        _connectionsActive = Meter.CreateUpDownCounter<long>(
            StudioMetricNames.ConnectionsActive, "{connection}", "WebSocket connections open on this node.");
        _connectionsOpened = Meter.CreateCounter<long>(
            StudioMetricNames.ConnectionsOpened, "{connection}", "WebSocket connections accepted (authenticated) since start.");
        _connectionsClosed = Meter.CreateCounter<long>(
            StudioMetricNames.ConnectionsClosed, "{connection}", "WebSocket connections closed, by reason.");
        _sessionsActive = Meter.CreateUpDownCounter<long>(
            StudioMetricNames.SessionsActive, "{session}", "Session actors active (not passivated) on this node.");
        _mailboxDepth = Meter.CreateHistogram(
            StudioMetricNames.MailboxDepth, "{message}", "Messages waiting in a session mailbox when a loop turn began.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500] });
        _turnDuration = Meter.CreateHistogram(
            StudioMetricNames.TurnDuration, "s", "Duration of one session game-loop turn (drain, commit, flush).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets.Fast });
        _turnEvents = Meter.CreateHistogram(
            StudioMetricNames.TurnEvents, "{event}", "Events committed by one game-loop turn (the group-commit size).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000] });
        _journalAppendDuration = Meter.CreateHistogram(
            StudioMetricNames.JournalAppendDuration, "s", "Latency of one journal append (one batch, one transaction).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets.Fast });
        _journalAppendBatch = Meter.CreateHistogram(
            StudioMetricNames.JournalAppendBatchSize, "{event}", "Events written by one journal append.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] });
        _journalAppendFailures = Meter.CreateCounter<long>(
            StudioMetricNames.JournalAppendFailures, "{append}", "Journal appends that failed, by reason (conflict, stale_epoch, error).");
        _outboundDropped = Meter.CreateCounter<long>(
            StudioMetricNames.OutboundDropped, "{frame}", "Outbound updates dropped for slow consumers, by kind (coalesced, frame).");
        _slowConsumerDisconnects = Meter.CreateCounter<long>(
            StudioMetricNames.SlowConsumerDisconnects, "{connection}", "Connections closed because their outbound queue stayed full.");
        _providerDuration = Meter.CreateHistogram(
            StudioMetricNames.ProviderDuration, "s", "Image provider call latency per variant, by provider and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets.Slow });
        _providerErrors = Meter.CreateCounter<long>(
            StudioMetricNames.ProviderErrors, "{call}", "Image provider calls that failed, by provider and reason.");
        _rateLimitRefusals = Meter.CreateCounter<long>(
            StudioMetricNames.RateLimitRefusals, "{request}", "Requests or commands refused by a rate limit or cap, by scope.");
        _joins = Meter.CreateCounter<long>(
            StudioMetricNames.Joins, "{join}", "Join attempts by outcome (ok, failed) and reason.");
        _beacons = Meter.CreateCounter<long>(
            StudioMetricNames.Beacons, "{event}", "Page analytics beacons accepted, by event name.");
    }

    /// <summary>The meter, for parts that want an instrument of their own under the same name.</summary>
    public Meter Meter { get; }

    /// <summary>A socket authenticated and joined its session.</summary>
    public void ConnectionOpened()
    {
        _connectionsActive.Add(1);
        _connectionsOpened.Add(1);
    }

    /// <summary>A socket that was counted by <see cref="ConnectionOpened"/> is gone. <paramref name="reason"/>: a close-code name such as <c>normal</c>, <c>slow_consumer</c>, <c>error</c>.</summary>
    public void ConnectionClosed(string reason)
    {
        _connectionsActive.Add(-1);
        _connectionsClosed.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void SessionActivated() => _sessionsActive.Add(1);

    public void SessionPassivated() => _sessionsActive.Add(-1);

    /// <summary>One game-loop turn: how many messages were waiting, how many events it committed, how long it took.</summary>
    public void RecordTurn(int mailboxDepth, int eventCount, TimeSpan duration)
    {
        _mailboxDepth.Record(mailboxDepth);
        _turnEvents.Record(eventCount);
        _turnDuration.Record(duration.TotalSeconds);
    }

    /// <summary>One successful journal append of <paramref name="batchSize"/> events. <paramref name="backend"/>: sqlite, postgres, memory.</summary>
    public void RecordJournalAppend(string backend, int batchSize, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("backend", backend);
        _journalAppendDuration.Record(duration.TotalSeconds, tag);
        _journalAppendBatch.Record(batchSize, tag);
    }

    /// <summary>A journal append failed. <paramref name="reason"/>: conflict, stale_epoch, too_large, error.</summary>
    public void JournalAppendFailed(string backend, string reason) =>
        _journalAppendFailures.Add(1, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Updates dropped for a slow consumer. <paramref name="kind"/>: <c>coalesced</c> (presence/typing merged away) or <c>frame</c>.</summary>
    public void OutboundDropped(string kind, int count = 1) =>
        _outboundDropped.Add(count, new KeyValuePair<string, object?>("kind", kind));

    public void SlowConsumerDisconnected() => _slowConsumerDisconnects.Add(1);

    /// <summary>One provider call finished. <paramref name="outcome"/>: <c>ok</c> or a failure reason (safety, rate_limited, provider_error, timeout, invalid_input).</summary>
    public void RecordProviderCall(string provider, string outcome, TimeSpan duration)
    {
        _providerDuration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("provider", provider),
            new KeyValuePair<string, object?>("outcome", outcome));
        if (!string.Equals(outcome, "ok", StringComparison.Ordinal))
        {
            _providerErrors.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("reason", outcome));
        }
    }

    /// <summary>A rate limit or cap refused something. <paramref name="scope"/>: join, chat, frames, generation, beacon, images …</summary>
    public void RateLimitRefused(string scope) =>
        _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void JoinSucceeded() =>
        _joins.Add(1, new KeyValuePair<string, object?>("outcome", "ok"), new KeyValuePair<string, object?>("reason", "none"));

    /// <summary>A join was refused. <paramref name="reason"/>: unknown_session, wrong_code, rate_limited, invalid_input, full.</summary>
    public void JoinFailed(string reason) =>
        _joins.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("reason", reason));

    public void BeaconAccepted(string eventName) =>
        _beacons.Add(1, new KeyValuePair<string, object?>("event", eventName));

    private static class SecondsBuckets
    {
        // Loop turns and journal appends: sub-millisecond to a second.
        public static readonly IReadOnlyList<double> Fast =
            [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

        // Image providers: hundreds of milliseconds to a minute.
        public static readonly IReadOnlyList<double> Slow = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
    }
}
