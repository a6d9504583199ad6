namespace ActorStudio.Node.Hosting;

/// <summary>
/// Node-wide settings, bound from the <c>Studio</c> configuration section (appsettings, <c>Studio__*</c> environment
/// variables, <c>--Studio:*</c> arguments) plus the aliases <c>--data-dir</c> and <c>STUDIO_DATA_DIR</c>.
/// Paths are absolute once the host is built (see <see cref="StudioPaths"/>).
/// </summary>
public sealed class StudioOptions
{
    public const string SectionName = "Studio";

    /// <summary>Where the node keeps its files (SQLite journal, local blobs). Default <c>./data</c>, created at start.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The pages' directory. Default: the repository's <c>wwwroot</c>, found above the content root or the binaries.</summary>
    public string? WebRoot { get; set; }

    /// <summary>The npm <c>node_modules</c> directory that <c>/vendor/</c> serves from. Default: next to the web root.</summary>
    public string? NodeModules { get; set; }

    /// <summary><c>auto</c> (JSON when stdout is not a terminal), <c>json</c> or <c>simple</c>.</summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>
    /// Proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed: the load balancer
    /// or ingress, and in a cluster the peer nodes (they forward requests for sessions they do not own). Loopback is
    /// always trusted. Without this, every client behind a proxy shares one address in the join rate limiter.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>
    /// Browser origins (scheme://host[:port]) besides the node's own that may open the session WebSocket; empty
    /// allows every origin. See <see cref="Sessions.Transport.SocketOriginPolicy"/>.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Take plain-HTTP session socket upgrades at the connection level (default) instead of through an ASP.NET Core
    /// request: less memory per socket and one system call per frame. See
    /// <see cref="Sessions.Transport.SessionSocketConnectionHandler"/>; <c>false</c> is for comparison.
    /// </summary>
    public bool ConnectionLevelSockets { get; set; } = true;

    /// <summary>Upper bound for one <c>/readyz</c> evaluation; a check still running then counts as failed.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
