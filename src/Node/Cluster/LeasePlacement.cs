using System.Collections.Concurrent;
using ActorStudio.Actors.Runtime.Sharding;

namespace ActorStudio.Node.Cluster;

/// <summary>
/// The shard region's placement in cluster mode: a session activates here only with its lease, and the lease epoch
/// becomes the journal writer epoch (raised in the journal before recovery, so an older owner's appends are refused).
/// Keeps the set of leases this node holds, which <see cref="ClusterNode"/> renews and steps down from.
/// </summary>
public sealed class LeasePlacement(ClusterDirectory directory, ClusterState state, ILogger<LeasePlacement> logger) : IShardPlacement
{
    private readonly ConcurrentDictionary<string, HeldLease> _held = new(StringComparer.Ordinal);

    /// <summary>Leases held here (session id → epoch), for renewal and the load figures.</summary>
    public ICollection<string> HeldSessionIds => _held.Keys;

    public int HeldCount => _held.Count;

    public bool Holds(string sessionId) => _held.ContainsKey(sessionId);

    public async ValueTask<PlacementDecision> PlaceAsync(string entityId, CancellationToken cancellationToken)
    {
        // A draining node takes no lease: whatever still arrives for a session it handed off goes to the new owner.
        var epoch = state.Draining ? null : await directory.TryAcquireAsync(entityId, cancellationToken).ConfigureAwait(false);
        if (epoch is { } granted)
        {
            _held[entityId] = new HeldLease(granted, Environment.TickCount64);
            return PlacementDecision.Local(granted);
        }

        var lease = await directory.FindLeaseAsync(entityId, cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Session {SessionId} is owned by node {OwnerNodeId}", entityId, lease?.NodeId);
        return PlacementDecision.Remote(lease?.NodeId ?? "unknown", lease?.OwnerPublicUrl);
    }

    public async ValueTask ReleaseAsync(string entityId, CancellationToken cancellationToken)
    {
        if (_held.TryRemove(entityId, out _))
        {
            await directory.ReleaseAsync(entityId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lease is gone (taken over or not renewable): forget it without touching the row.</summary>
    internal bool Forget(string sessionId) => _held.TryRemove(sessionId, out _);

    /// <summary>When the lease was (re)acquired, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    internal long? AcquiredAt(string sessionId) => _held.TryGetValue(sessionId, out var held) ? held.AcquiredAtMs : null;

    private readonly record struct HeldLease(long Epoch, long AcquiredAtMs);
}
