namespace ActorStudio.Node.Cluster;

/// <summary>Where a request for a session must go.</summary>
public sealed record SessionRoute(SessionRouteKind Kind, string? NodeId = null, string? PublicUrl = null, TimeSpan? RetryAfter = null)
{
    public static SessionRoute Local { get; } = new(SessionRouteKind.Local);

    public static SessionRoute Remote(string nodeId, string publicUrl) => new(SessionRouteKind.Remote, nodeId, publicUrl);

    public static SessionRoute Unavailable(TimeSpan retryAfter) => new(SessionRouteKind.Unavailable, RetryAfter: retryAfter);
}

public enum SessionRouteKind
{
    /// <summary>This node owns (or just took) the lease: handle it here.</summary>
    Local,

    /// <summary>Another live node owns it: forward the request or send the client there.</summary>
    Remote,

    /// <summary>The owner is not answering and its lease has not expired yet: retry shortly (failover in progress).</summary>
    Unavailable,
}
