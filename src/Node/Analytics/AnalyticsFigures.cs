namespace ActorStudio.Node.Analytics;

/// <summary>p50 and p95 of a latency, in milliseconds (nearest rank), and how many samples they come from.</summary>
public sealed record LatencySummary(int Samples, double? P50Ms, double? P95Ms);

/// <summary>The figures of one scope: a session, or the whole node/cluster (everything the journal holds).</summary>
public sealed record AnalyticsFigures(
    long SessionsCreated,
    long JoinsOk,
    long JoinsFailed,
    double? JoinSuccessRate,
    IReadOnlyDictionary<string, long> JoinFailuresByReason,
    long GenerationsRequested,
    long GenerationsCompleted,
    long GenerationsFailed,
    double? GenerationSuccessRate,
    IReadOnlyDictionary<string, long> GenerationFailuresByReason,
    long ImagesStored,
    long VariantsFailed,
    LatencySummary TimeToFirstImage,
    LatencySummary TimeToAllFour,
    long Favorites,
    double? ShareRate,
    long ModerationRemovals,
    long RecordingsStarted,
    long RecordingsStopped,
    long Leaves,
    int ActiveSessions,
    int ActiveParticipants,
    IReadOnlyDictionary<string, long> PageEvents);

/// <summary>One time bucket of a scope. Counts are events in the bucket; active figures are the bucket's maximum.</summary>
public sealed record AnalyticsPoint(
    long BucketStartUnixSeconds,
    long JoinsOk,
    long JoinsFailed,
    long GenerationsCompleted,
    long GenerationsFailed,
    long ImagesStored,
    long Favorites,
    double? TimeToFirstImageP50Ms,
    double? TimeToFirstImageP95Ms,
    double? TimeToAllFourP50Ms,
    double? TimeToAllFourP95Ms,
    int ActiveSessions,
    int ActiveParticipants);

/// <summary>Counts of latency samples per bin (upper bounds in ms; the last bin is everything above).</summary>
public sealed record LatencyHistogram(IReadOnlyList<double> UpperBoundsMs, IReadOnlyList<long> TimeToFirstImage, IReadOnlyList<long> TimeToAllFour);

/// <summary>A session in the dashboard's list.</summary>
public sealed record SessionSummary(
    string SessionId,
    string? Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    int ActiveParticipants,
    long JoinsOk,
    long GenerationsRequested,
    long ImagesStored,
    long Favorites);

/// <summary>Everything the dashboard draws for one scope.</summary>
public sealed record AnalyticsReport(
    string Scope,
    long Position,
    int BucketSeconds,
    AnalyticsFigures Figures,
    IReadOnlyList<AnalyticsPoint> Series,
    LatencyHistogram Histogram);
