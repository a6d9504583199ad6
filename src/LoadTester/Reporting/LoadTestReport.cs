using ActorStudio.LoadTester.Targets;

namespace ActorStudio.LoadTester.Reporting;

/// <summary>Everything one run measured; serialized as the --json report (camelCase).</summary>
public sealed record LoadTestReport
{
    public required string Target { get; init; }

    public required string Url { get; init; }

    /// <summary>Every node given (one unless the target is a cluster).</summary>
    public required IReadOnlyList<string> Urls { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int Sessions { get; init; }

    /// <summary>Participants in the whole run (sessions × per session).</summary>
    public required int Participants { get; init; }

    public required int ParticipantsPerSession { get; init; }

    public required string Roles { get; init; }

    /// <summary>Length of the measured window in seconds (load plus drain).</summary>
    public required double DurationS { get; init; }

    public required ScenarioRates Rates { get; init; }

    public required DeliveryFigures Deliveries { get; init; }

    public required LatencyFigures LatencyMs { get; init; }

    public required LatencyFigures JoinMs { get; init; }

    public required JoinFigures Joins { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>Connections the server (or the network) ended during the run, slow consumers excluded.</summary>
    public required long Disconnects { get; init; }

    public required IReadOnlyDictionary<string, long> CloseReasons { get; init; }

    public required long ConnectionFailures { get; init; }

    public required ResumeFigures Resume { get; init; }

    public required FailoverFigures Failover { get; init; }

    public required SlowConsumerFigures SlowConsumers { get; init; }

    public required GenerationFigures Generation { get; init; }

    public ServerFigures? Server { get; init; }

    public required ProcessFigures LoadTester { get; init; }

    /// <summary>Server messages decoded, by protocol type name (ActorStudio; a Batch counts once and so does each message in it).</summary>
    public required IReadOnlyDictionary<string, long> ServerMessages { get; init; }

    public required IReadOnlyList<TimelinePoint> Timeline { get; init; }

    public required IReadOnlyList<HistogramPoint> Histogram { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }
}

public sealed record ScenarioRates(double ChatPerSessionPerS, double GeneratePerSessionPerS, double FavoritePerSessionPerS, double ChurnPerS, double RampPerS, int MessageBytes);

/// <summary>Chat deliveries: every message to every recipient, counted exactly.</summary>
public sealed record DeliveryFigures(long Expected, long Received, long Lost, long Duplicated, double PerSecond, long MessagesSent, long Refused, long SendFailures, long FramesReceived, long BytesReceived, double DeliveriesPerFrame, long ForeignChat, int ParticipantsWithLoss, long ArrivedAfterDrain);

public sealed record LatencyFigures(double P50, double P90, double P99, double P999, double Max, double Mean, long Count);

public sealed record JoinFigures(long Succeeded, long Failed);

public sealed record ResumeFigures(bool Supported, long Reconnects, long Failures, LatencyFigures ReconnectMs, int ParticipantsReconnected, int ReconnectedWithLoss, int ReconnectedWithDuplicates, long SequenceDuplicates, long SnapshotFallbacks, long SnapshotRepeats);

/// <summary>
/// Reconnects that went to another node: after a node died (rejoin over HTTP through another listed node) or was
/// named by Moved. <paramref name="LostToWelcomeMs"/> runs from losing the socket to the Welcome on the new owner.
/// </summary>
public sealed record FailoverFigures(int Nodes, long Failovers, int ParticipantsFailedOver, LatencyFigures LostToWelcomeMs, long Rejoins, long RejoinFailures);

public sealed record SlowConsumerFigures(int Count, int Disconnected, IReadOnlyDictionary<string, long> Reasons);

public sealed record GenerationFigures(bool Supported, long Requested, long Completed, long VariantsFailed, LatencyFigures FirstVariantMs, LatencyFigures FourthVariantMs, long FavoritesSent, LibraryAudit? Library);

/// <summary>The server process as /proc saw it: CPU over the measured window, memory before and after the joins.</summary>
public sealed record ServerFigures(int Pid, double CpuSeconds, double? CpuSecondsPerMillionDeliveries, double CpuPercentOfOneCore, long RssBaselineBytes, long RssConnectedBytes, long PeakRssBytes, double? RssPerConnectionBytes, int Threads);

public sealed record ProcessFigures(double CpuSeconds, double CpuPercentOfOneCore, long PeakRssBytes);

public sealed record TimelinePoint(int Second, long Count, double P50Ms, double P99Ms, double MaxMs);

public sealed record HistogramPoint(double LowMs, double HighMs, long Count);
