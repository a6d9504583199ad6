using Npgsql;

namespace ActorStudio.Node.Cluster;

/// <summary>
/// The coordination tables, next to the journal's (component <c>cluster</c> in <c>schema_version</c>), created under
/// the same advisory lock discipline as the journal migration so nodes starting together do not race.
/// Leases are never deleted, only released (node_id NULL): the epoch must keep growing for the session's lifetime.
/// </summary>
public static class ClusterSchema
{
    public const int Version = 1;

    private const long MigrationLockKey = 0x4163746f72436c73; // "ActorCls"

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockKey});", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var versionTable = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (component text PRIMARY KEY, version integer NOT NULL);", connection, transaction))
        {
            await versionTable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_version WHERE component = 'cluster'", connection, transaction))
        {
            current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int v ? v : 0;
        }

        if (current > Version)
        {
            throw new InvalidOperationException($"The cluster schema in PostgreSQL is version {current}, newer than this build's {Version}.");
        }

        if (current < 1)
        {
            await using var create = new NpgsqlCommand("""
                CREATE TABLE cluster_nodes (
                    node_id text PRIMARY KEY,
                    incarnation uuid NOT NULL,
                    public_url text NOT NULL,
                    sessions integer NOT NULL DEFAULT 0,
                    connections integer NOT NULL DEFAULT 0,
                    draining boolean NOT NULL DEFAULT false,
                    started_at timestamptz NOT NULL DEFAULT now(),
                    heartbeat_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE session_leases (
                    session_id text PRIMARY KEY,
                    node_id text NULL,
                    incarnation uuid NULL,
                    lease_until timestamptz NOT NULL,
                    epoch bigint NOT NULL
                );
                CREATE INDEX session_leases_node_idx ON session_leases (node_id, lease_until);
                INSERT INTO schema_version (component, version) VALUES ('cluster', 1)
                    ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version;
                """, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
