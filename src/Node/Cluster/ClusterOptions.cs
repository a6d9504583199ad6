namespace ActorStudio.Node.Cluster;

/// <summary>
/// The <c>Studio:Cluster</c> section, read in cluster mode. Times are PostgreSQL's clock (<c>now()</c>) for leases
/// and heartbeats, so the nodes' own clocks may drift; only intervals are measured locally.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Studio:Cluster";

    /// <summary>Stable id of this node (the pod name in a StatefulSet). Default: the HOSTNAME, else the machine name.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// Where clients reach THIS node (http or https, optionally with a path prefix the ingress strips), e.g.
    /// <c>https://studio.example.com/nodes/studio-0</c>. WebSocket URLs handed out by join and Moved derive from it.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long a session lease lasts without renewal: the failover delay after a node dies.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lease renewal and heartbeat period. Default: a quarter of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>A node whose heartbeat is older than this is not live (no placement, no forwarding). Default: the lease duration.</summary>
    public TimeSpan? NodeTimeout { get; set; }

    /// <summary>Upper bound of the SIGTERM hand-off (sessions moved, sockets told where to go). Keep it below the
    /// orchestrator's grace period (k8s terminationGracePeriodSeconds).</summary>
    public TimeSpan HandoffTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of one HTTP request forwarded to the owner node.</summary>
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Registry rows of nodes silent for this long are deleted (they are long dead).</summary>
    public TimeSpan ForgetNodesAfter { get; set; } = TimeSpan.FromMinutes(10);

    internal TimeSpan EffectiveRenewInterval => RenewInterval ?? TimeSpan.FromTicks(LeaseDuration.Ticks / 4);

    internal TimeSpan EffectiveNodeTimeout => NodeTimeout ?? LeaseDuration;
}
