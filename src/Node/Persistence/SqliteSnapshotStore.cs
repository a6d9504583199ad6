using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Persistence;

/// <summary>Snapshots in the embedded database, written through its single writer connection.</summary>
public sealed class SqliteSnapshotStore(SqliteDatabase database) : ISnapshotStore
{
    public Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO snapshots (persistence_id, sequence_nr, created_at, state_type, state_version, payload)
                VALUES ($id, $seq, $at, $type, $version, $payload)
                ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created_at = excluded.created_at,
                    state_type = excluded.state_type, state_version = excluded.state_version, payload = excluded.payload
                """;
            command.Parameters.AddWithValue("$id", snapshot.PersistenceId);
            command.Parameters.AddWithValue("$seq", snapshot.SequenceNr);
            command.Parameters.AddWithValue("$at", snapshot.Timestamp.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$type", snapshot.StateType);
            command.Parameters.AddWithValue("$version", snapshot.StateVersion);
            command.Parameters.AddWithValue("$payload", snapshot.Payload.ToArray());
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public async Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence_nr, created_at, state_type, state_version, payload FROM snapshots
            WHERE persistence_id = $id ORDER BY sequence_nr DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$id", persistenceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SnapshotRecord(persistenceId, reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetString(2), reader.GetInt32(3), (byte[])reader.GetValue(4));
    }

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM snapshots WHERE persistence_id = $id AND sequence_nr <= $to";
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            return command.ExecuteNonQuery();
        }, cancellationToken);
}
