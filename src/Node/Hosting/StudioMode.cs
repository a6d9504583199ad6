namespace ActorStudio.Node.Hosting;

/// <summary>
/// The one switch between a single node and a cluster (<c>Studio:Mode</c>). Embedded (default): SQLite journal in
/// the data directory, every session lives here, no leases. Cluster: PostgreSQL journal and leases
/// (<c>Studio:Postgres:ConnectionString</c> required), node registry, routing and hand-off (see docs/operations.md).
/// </summary>
public enum StudioMode
{
    Embedded,
    Cluster,
}

public static class StudioModeConfiguration
{
    public const string Key = "Studio:Mode";

    /// <summary>Reads <c>Studio:Mode</c>; an unknown value stops the node with a clear message.</summary>
    public static StudioMode Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value) || value.Equals("embedded", StringComparison.OrdinalIgnoreCase))
        {
            return StudioMode.Embedded;
        }

        if (value.Equals("cluster", StringComparison.OrdinalIgnoreCase))
        {
            return StudioMode.Cluster;
        }

        throw new InvalidOperationException($"{Key} must be 'embedded' or 'cluster', not '{value}'.");
    }
}
