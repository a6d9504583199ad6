using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Reads the SQLite journal in global ordering for projections (analytics). The single writer assigns orderings
/// inside its transaction, so a reader never sees a later one before an earlier one.
/// </summary>
public sealed class SqliteJournalFeed(SqliteDatabase database) : IJournalFeed
{
    public async Task<IReadOnlyList<PersistedEvent>> ReadAllAsync(long afterOrdering, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT persistence_id, sequence_nr, ordering, created_at, writer_epoch, event_type, event_version, payload FROM journal
            WHERE ordering > $after ORDER BY ordering LIMIT $max
            """;
        command.Parameters.AddWithValue("$after", afterOrdering);
        command.Parameters.AddWithValue("$max", maxCount);
        var rows = new List<PersistedEvent>(Math.Min(maxCount, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PersistedEvent(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4), reader.GetString(5), reader.GetInt32(6),
                (byte[])reader.GetValue(7)));
        }

        return rows;
    }
}
