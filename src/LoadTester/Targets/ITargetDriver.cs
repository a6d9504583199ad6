using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Targets;

/// <summary>One kind of server: how to reach it, create sessions, join them and open participant connections.</summary>
public interface ITargetDriver : IAsyncDisposable
{
    string Name { get; }

    TargetCapabilities Capabilities { get; }

    /// <summary>Throws <see cref="TargetUnavailableException"/> when the server cannot be reached at all.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);

    Task<TargetSession> CreateSessionAsync(int index, CancellationToken cancellationToken);

    /// <summary>The HTTP part of joining; throws <see cref="JoinRefusedException"/> when the server says no.</summary>
    Task<TargetTicket> JoinAsync(TargetSession session, ParticipantRole role, string displayName, CancellationToken cancellationToken);

    TargetConnection CreateConnection(TargetTicket ticket, IParticipantObserver observer, RunCounters counters);
}
