namespace ActorStudio.Node.Persistence;

/// <summary>The <c>Studio:Postgres</c> section: the cluster's journal and coordination database.</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Studio:Postgres";

    /// <summary>Npgsql connection string (from a Secret in Kubernetes; never in the repository).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Upper bound of pooled connections per node (journal writers, reads, leases).</summary>
    public int MaxPoolSize { get; set; } = 30;

    /// <summary>
    /// PostgreSQL ends a session left idle inside a transaction for this long (<c>idle_in_transaction_session_timeout</c>).
    /// A node paused or partitioned in the middle of a journal append must not keep the stream's row lock: the node
    /// taking the session over would wait on it forever. Journal transactions last milliseconds. Zero: no limit.
    /// </summary>
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
