using ActorStudio.Actors.Runtime.Persistence;
using Npgsql;

namespace ActorStudio.Node.Persistence;

/// <summary>Snapshots in PostgreSQL (table created by <see cref="PostgresSchema"/>).</summary>
public sealed class PostgresSnapshotStore(NpgsqlDataSource dataSource) : ISnapshotStore
{
    public async Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO snapshots (persistence_id, sequence_nr, created_at, state_type, state_version, payload)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created_at = EXCLUDED.created_at,
                state_type = EXCLUDED.state_type, state_version = EXCLUDED.state_version, payload = EXCLUDED.payload
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.PersistenceId });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.SequenceNr });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.Timestamp.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.StateType });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.StateVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.Payload.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT sequence_nr, created_at, state_type, state_version, payload FROM snapshots
            WHERE persistence_id = $1 ORDER BY sequence_nr DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = persistenceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SnapshotRecord(persistenceId, reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetString(2), reader.GetInt32(3), reader.GetFieldValue<byte[]>(4));
    }

    public async Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM snapshots WHERE persistence_id = $1 AND sequence_nr <= $2");
        command.Parameters.Add(new NpgsqlParameter { Value = persistenceId });
        command.Parameters.Add(new NpgsqlParameter { Value = toSequenceNr });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
