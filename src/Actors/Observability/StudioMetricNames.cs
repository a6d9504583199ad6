namespace ActorStudio.Actors.Observability;

/// <summary>Instrument names of the <c>ActorStudio</c> meter. The Prometheus exporter turns dots into underscores,
/// adds the unit (<c>_seconds</c>) and <c>_total</c> for counters: <c>studio.joins</c> is <c>studio_joins_total</c>.</summary>
public static class StudioMetricNames
{
    public const string ConnectionsActive = "studio.connections.active";
    public const string ConnectionsOpened = "studio.connections.opened";
    public const string ConnectionsClosed = "studio.connections.closed";
    public const string SessionsActive = "studio.sessions.active";
    public const string MailboxDepth = "studio.session.mailbox.depth";
    public const string TurnDuration = "studio.session.turn.duration";
    public const string TurnEvents = "studio.session.turn.events";
    public const string JournalAppendDuration = "studio.journal.append.duration";
    public const string JournalAppendBatchSize = "studio.journal.append.batch.size";
    public const string JournalAppendFailures = "studio.journal.append.failures";
    public const string OutboundDropped = "studio.outbound.dropped";
    public const string SlowConsumerDisconnects = "studio.slow_consumer.disconnects";
    public const string ProviderDuration = "studio.provider.duration";
    public const string ProviderErrors = "studio.provider.errors";
    public const string RateLimitRefusals = "studio.rate_limit.refusals";
    public const string Joins = "studio.joins";
    public const string Beacons = "studio.beacons";
}
