using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Sharding;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Features;

namespace ActorStudio.Node.Sessions;

/// <summary>
/// The node's door to session actors: the shard region of <see cref="SessionActor"/>s (one per session id,
/// activated on demand), with typed request/response helpers for the HTTP and WebSocket layers.
/// </summary>
public sealed class SessionGateway
{
    private readonly ShardRegion region;

    /// <param name="placement">Where sessions may live: none (single node) or the cluster's lease placement.</param>
    public SessionGateway(ActorSystem system, SessionFeatureRegistry registry, SessionSettings settings, IShardPlacement? placement = null, StudioMetrics? metrics = null)
    {
        Settings = settings;
        region = ShardRegion.Start(
            system,
            "sessions",
            start => SessionActor.PropsFor(start, registry, settings, metrics),
            placement,
            settings: new ShardRegionSettings
            {
                // Sessions passivate themselves once they have no sockets; the region must not stop one that has.
                PassivationIdleTimeout = Timeout.InfiniteTimeSpan,
            });
    }

    public SessionSettings Settings { get; }

    /// <summary>How long an HTTP request waits for its session (recovery of a big journal included).</summary>
    public static TimeSpan AskTimeout { get; } = TimeSpan.FromSeconds(15);

    public Task<object> AskAsync(string sessionId, object message, CancellationToken cancellationToken) =>
        region.Ask<object>(sessionId, message, AskTimeout, cancellationToken);

    /// <summary>Stops a live session here: gracefully (hand-off) or at once (it lost its lease).</summary>
    public bool Stop(string sessionId, bool immediately) => region.Stop(sessionId, immediately);

    /// <summary>Session ids live on this node.</summary>
    public Task<IReadOnlyList<string>> GetLiveSessionIdsAsync(CancellationToken cancellationToken) =>
        region.GetLiveEntityIdsAsync(TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary>Fire-and-forget to a session (socket commands); false when it could not be enqueued.</summary>
    public bool Tell(string sessionId, object message) => region.Tell(sessionId, message);
}
