using Npgsql;
using NpgsqlTypes;

namespace ActorStudio.Node.Cluster;

/// <summary>
/// The node registry and the session leases in PostgreSQL. Every statement is one round trip and decides on the
/// database's clock. Exactly one node can win a lease: the conditional upsert takes the row lock, and a competitor
/// re-checks the condition against the winner's row and gets nothing back.
/// </summary>
public sealed class ClusterDirectory(NpgsqlDataSource dataSource, NodeIdentity identity, ClusterOptions options)
{
    /// <summary>The journal id of a session (SessionActor.PersistenceId): a new lease epoch is above its recorded writer epoch.</summary>
    public static string SessionPersistenceId(string sessionId) => "session-" + sessionId;

    public NodeIdentity Identity => identity;

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO cluster_nodes (node_id, incarnation, public_url, sessions, connections, draining, started_at, heartbeat_at)
            VALUES ($1, $2, $3, 0, 0, false, now(), now())
            ON CONFLICT (node_id) DO UPDATE SET incarnation = EXCLUDED.incarnation, public_url = EXCLUDED.public_url,
                sessions = 0, connections = 0, draining = false, started_at = now(), heartbeat_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = identity.NodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = identity.Incarnation });
        command.Parameters.Add(new NpgsqlParameter { Value = identity.PublicUrl });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renews the heartbeat with the load figures; false when the row is no longer ours (re-register).</summary>
    public async Task<bool> HeartbeatAsync(int sessions, int connections, bool draining, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE cluster_nodes SET heartbeat_at = now(), sessions = $3, connections = $4, draining = $5
            WHERE node_id = $1 AND incarnation = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = identity.NodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = identity.Incarnation });
        command.Parameters.Add(new NpgsqlParameter { Value = sessions });
        command.Parameters.Add(new NpgsqlParameter { Value = connections });
        command.Parameters.Add(new NpgsqlParameter { Value = draining });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task DeregisterAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM cluster_nodes WHERE node_id = $1 AND incarnation = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = identity.NodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = identity.Incarnation });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes registry rows of nodes silent for <see cref="ClusterOptions.ForgetNodesAfter"/>.</summary>
    public async Task ForgetDeadNodesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM cluster_nodes WHERE heartbeat_at < now() - $1");
        command.Parameters.Add(new NpgsqlParameter { Value = options.ForgetNodesAfter, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every registered node, least loaded first (live leases, then connections, then id).</summary>
    public async Task<IReadOnlyList<ClusterNodeInfo>> ListNodesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT n.node_id, n.public_url,
                   (SELECT count(*) FROM session_leases l WHERE l.node_id = n.node_id AND l.lease_until > now())::int AS sessions,
                   n.connections, n.draining, n.heartbeat_at > now() - $1 AS live, n.heartbeat_at
            FROM cluster_nodes n
            ORDER BY sessions, n.connections, n.node_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = options.EffectiveNodeTimeout, NpgsqlDbType = NpgsqlDbType.Interval });
        var nodes = new List<ClusterNodeInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new ClusterNodeInfo(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetBoolean(4), reader.GetBoolean(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return nodes;
    }

    /// <summary>
    /// Takes the lease of <paramref name="sessionId"/> for this node if it is free, expired, or already this node's.
    /// Returns the epoch to write with, or null when another node holds a valid lease. A lease taken from anyone else
    /// (or from this node id's previous incarnation) gets a higher epoch than both the old lease and the journal's
    /// recorded writer epoch; re-taking our own live lease keeps its epoch.
    /// </summary>
    public Task<long?> TryAcquireAsync(string sessionId, CancellationToken cancellationToken) =>
        UpsertLeaseAsync(sessionId, identity.NodeId, identity.Incarnation, cancellationToken);

    /// <summary>
    /// Hand-off: reserves a free or expired lease (or one of ours) for <paramref name="nodeId"/>, which takes it,
    /// with a new epoch, when the first client arrives; until then nobody else can. Null: someone else holds it.
    /// </summary>
    public Task<long?> AssignAsync(string sessionId, string nodeId, CancellationToken cancellationToken) =>
        UpsertLeaseAsync(sessionId, nodeId, null, cancellationToken, alsoFromNodeId: identity.NodeId);

    private async Task<long?> UpsertLeaseAsync(string sessionId, string nodeId, Guid? incarnation, CancellationToken cancellationToken, string? alsoFromNodeId = null)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO session_leases AS l (session_id, node_id, incarnation, lease_until, epoch)
            VALUES ($1, $2, $3, now() + $4,
                    1 + COALESCE((SELECT s.writer_epoch FROM journal_streams s WHERE s.persistence_id = $5), 0))
            ON CONFLICT (session_id) DO UPDATE SET
                node_id = EXCLUDED.node_id,
                incarnation = EXCLUDED.incarnation,
                lease_until = EXCLUDED.lease_until,
                epoch = CASE WHEN l.node_id = EXCLUDED.node_id AND l.incarnation = EXCLUDED.incarnation THEN l.epoch
                             ELSE GREATEST(l.epoch + 1, EXCLUDED.epoch) END
            WHERE l.node_id IS NULL OR l.lease_until <= now() OR l.node_id = EXCLUDED.node_id OR l.node_id = $6
            RETURNING l.epoch
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = incarnation is { } i ? i : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = options.LeaseDuration, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = SessionPersistenceId(sessionId) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)alsoFromNodeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long epoch ? epoch : null;
    }

    /// <summary>Extends the leases of <paramref name="sessionIds"/> this incarnation still holds; returns those renewed.</summary>
    public async Task<HashSet<string>> RenewAsync(IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        var renewed = new HashSet<string>(StringComparer.Ordinal);
        if (sessionIds.Count == 0)
        {
            return renewed;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE session_leases SET lease_until = now() + $3
            WHERE session_id = ANY($4) AND node_id = $1 AND incarnation = $2
            RETURNING session_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = identity.NodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = identity.Incarnation });
        command.Parameters.Add(new NpgsqlParameter { Value = options.LeaseDuration, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = sessionIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            renewed.Add(reader.GetString(0));
        }

        return renewed;
    }

    /// <summary>Gives a lease up (it stays as a row, without owner, so the epoch keeps growing). Only our own.</summary>
    public async Task ReleaseAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE session_leases SET node_id = NULL, incarnation = NULL, lease_until = now()
            WHERE session_id = $1 AND node_id = $2 AND incarnation = $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = identity.NodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = identity.Incarnation });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SessionLease?> FindLeaseAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT l.node_id, n.public_url, l.lease_until > now(), COALESCE(n.heartbeat_at > now() - $2, false), l.epoch
            FROM session_leases l LEFT JOIN cluster_nodes n ON n.node_id = l.node_id
            WHERE l.session_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = options.EffectiveNodeTimeout, NpgsqlDbType = NpgsqlDbType.Interval });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SessionLease(sessionId, reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetBoolean(2), reader.GetBoolean(3), reader.GetInt64(4));
    }
}
