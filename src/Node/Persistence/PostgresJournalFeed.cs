using ActorStudio.Actors.Runtime.Persistence;
using Npgsql;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Reads the PostgreSQL journal in global ordering (the identity column) for projections. Concurrent writers take
/// identity values before they commit, so a gap may be a commit still in flight: the reader
/// (<c>AnalyticsProjectionService</c>) waits a little before skipping one.
/// </summary>
public sealed class PostgresJournalFeed(NpgsqlDataSource dataSource) : IJournalFeed
{
    public async Task<IReadOnlyList<PersistedEvent>> ReadAllAsync(long afterOrdering, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT persistence_id, sequence_nr, ordering, created_at, writer_epoch, event_type, event_version, payload FROM journal
            WHERE ordering > $1 ORDER BY ordering LIMIT $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = afterOrdering });
        command.Parameters.Add(new NpgsqlParameter { Value = maxCount });
        var rows = new List<PersistedEvent>(Math.Min(maxCount, 1024));
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PersistedEvent(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4), reader.GetString(5), reader.GetInt32(6),
                reader.GetFieldValue<byte[]>(7)));
        }

        return rows;
    }
}
