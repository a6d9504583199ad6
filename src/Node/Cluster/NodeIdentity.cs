namespace ActorStudio.Node.Cluster;

/// <summary>
/// Who this node is in the registry: its stable id, a fresh incarnation per process (a restarted pod with the same
/// name is a new incarnation, so leases of its previous life are taken over with a new epoch), and its public URL.
/// </summary>
public sealed class NodeIdentity
{
    public NodeIdentity(string nodeId, Uri publicUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentNullException.ThrowIfNull(publicUrl);
        if (publicUrl.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Studio:Cluster:PublicUrl must be an http(s) URL, not '{publicUrl}'.");
        }

        NodeId = nodeId;
        PublicUrl = publicUrl.ToString().TrimEnd('/');
    }

    public string NodeId { get; }

    public Guid Incarnation { get; } = Guid.NewGuid();

    /// <summary>Without a trailing slash.</summary>
    public string PublicUrl { get; }

    public string WebSocketUrl(string sessionId) => WebSocketUrl(PublicUrl, sessionId);

    /// <summary>The session socket URL of the node at <paramref name="publicUrl"/>.</summary>
    public static string WebSocketUrl(string publicUrl, string sessionId)
    {
        var baseUrl = publicUrl.TrimEnd('/');
        var ws = baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? "wss://" + baseUrl["https://".Length..]
            : "ws://" + baseUrl["http://".Length..];
        return ws + "/api/sessions/" + Uri.EscapeDataString(sessionId) + "/ws";
    }

    public static NodeIdentity FromOptions(ClusterOptions options)
    {
        var nodeId = string.IsNullOrWhiteSpace(options.NodeId)
            ? Environment.GetEnvironmentVariable("HOSTNAME") is { Length: > 0 } host ? host : Environment.MachineName
            : options.NodeId.Trim();
        if (string.IsNullOrWhiteSpace(options.PublicUrl) || !Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url))
        {
            throw new InvalidOperationException("Studio:Mode=cluster needs Studio:Cluster:PublicUrl, the absolute http(s) URL clients reach this node at.");
        }

        return new NodeIdentity(nodeId, url);
    }
}
