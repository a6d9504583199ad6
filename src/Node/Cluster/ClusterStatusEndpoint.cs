using ActorStudio.Node.Sessions;

namespace ActorStudio.Node.Cluster;

/// <summary><c>GET /api/cluster</c>: this node's view of the cluster, for operators and the tests.</summary>
public static class ClusterStatusEndpoint
{
    public static IEndpointRouteBuilder MapClusterStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cluster", async (ClusterDirectory directory, LeasePlacement placement, ClusterState state, NodeConnections connections, CancellationToken cancellationToken) =>
        {
            var nodes = await directory.ListNodesAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(new ClusterStatus(
                directory.Identity.NodeId,
                directory.Identity.PublicUrl,
                state.Draining,
                [.. placement.HeldSessionIds],
                connections.Count,
                state.SteppedDown,
                state.HandedOff,
                state.Forwarded,
                nodes));
        });
        return endpoints;
    }
}

public sealed record ClusterStatus(
    string NodeId,
    string PublicUrl,
    bool Draining,
    IReadOnlyList<string> Sessions,
    int Connections,
    long SteppedDown,
    long HandedOff,
    long Forwarded,
    IReadOnlyList<ClusterNodeInfo> Nodes);
