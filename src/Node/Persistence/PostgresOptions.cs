namespace ActorStudio.Node.Persistence;

/// <summary>The <c>Studio:Postgres</c> section: the cluster's journal and coordination database.</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Studio:Postgres";

    /// <summary>Npgsql connection string (from a Secret in Kubernetes; never in the repository).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Upper bound of pooled connections per node (journal writers, reads, leases).</summary>
    public int MaxPoolSize { get; set; } = 30;
}
