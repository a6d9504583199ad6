using ActorStudio.Node.Hosting;

namespace ActorStudio.Node.Cluster;

/// <summary>Not ready until registered, and again once draining (SIGTERM): the load balancer stops sending traffic.</summary>
public sealed class ClusterReadinessCheck(ClusterState state) : IReadinessCheck
{
    public string Name => "cluster";

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(
        state.Draining ? ReadinessResult.NotReady("draining: handing sessions off")
        : state.Registered ? ReadinessResult.Ready()
        : ReadinessResult.NotReady("not registered in the cluster yet"));
}
