namespace ActorStudio.Node.Cluster;

/// <summary>
/// Routing decisions for the HTTP and WebSocket layers. A session nobody owns is taken by the node the request
/// reached (the client is already talking to it), except while this node drains: then the lease is reserved for
/// the least-loaded other live node. NEW sessions go to the least-loaded live node (<see cref="ChooseNodeForNewSessionAsync"/>).
/// </summary>
public sealed class SessionRouter(ClusterDirectory directory, LeasePlacement placement, ClusterState state, ClusterOptions options)
{
    public NodeIdentity Identity => directory.Identity;

    public async Task<SessionRoute> RouteAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!state.Draining)
        {
            if (placement.Holds(sessionId))
            {
                return SessionRoute.Local;
            }

            var decision = await placement.PlaceAsync(sessionId, cancellationToken).ConfigureAwait(false);
            if (decision.IsLocal)
            {
                return SessionRoute.Local;
            }
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var lease = await directory.FindLeaseAsync(sessionId, cancellationToken).ConfigureAwait(false);
            if (lease is { Valid: true, NodeId: { } owner } && owner != Identity.NodeId)
            {
                return lease is { OwnerLive: true, OwnerPublicUrl: { } url }
                    ? SessionRoute.Remote(owner, url)
                    : SessionRoute.Unavailable(TimeSpan.FromSeconds(1)); // the owner went silent: its lease runs out soon
            }

            if (!state.Draining)
            {
                // Released between our attempt and the lookup: try to take it again.
                if ((await placement.PlaceAsync(sessionId, cancellationToken).ConfigureAwait(false)).IsLocal)
                {
                    return SessionRoute.Local;
                }

                continue;
            }

            var target = await ChooseOtherNodeAsync(cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                return SessionRoute.Unavailable(TimeSpan.FromSeconds(1));
            }

            if (await directory.AssignAsync(sessionId, target.NodeId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return SessionRoute.Remote(target.NodeId, target.PublicUrl);
            }
        }

        return SessionRoute.Unavailable(TimeSpan.FromSeconds(1));
    }

    /// <summary>The least-loaded live node that is not draining (possibly this one); null if none is live.</summary>
    public async Task<ClusterNodeInfo?> ChooseNodeForNewSessionAsync(CancellationToken cancellationToken)
    {
        var nodes = await directory.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var node in nodes)
        {
            if (node.Live && !node.Draining && (node.NodeId != Identity.NodeId || !state.Draining))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>The least-loaded live node other than this one (hand-off target).</summary>
    public async Task<ClusterNodeInfo?> ChooseOtherNodeAsync(CancellationToken cancellationToken)
    {
        var nodes = await directory.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var node in nodes)
        {
            if (node.Live && !node.Draining && node.NodeId != Identity.NodeId)
            {
                return node;
            }
        }

        return null;
    }

    internal TimeSpan LeaseDuration => options.LeaseDuration;
}
