using System.Runtime.CompilerServices;
using ActorStudio.Actors.Runtime.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// The embedded journal. Appends from all actors are group-committed: one transaction on the single writer
/// connection carries every append waiting at that moment (raw prepared multi-row inserts, <see cref="SqliteJournalWriter"/>),
/// each append validated on its own (a refused one writes nothing and does not fail its neighbours).
/// </summary>
public sealed class SqliteJournal : IJournal, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly GroupCommitQueue _queue;

    public SqliteJournal(SqliteDatabase database, JournalOptions? options = null, TimeProvider? timeProvider = null, ILogger<SqliteJournal>? logger = null)
    {
        _database = database;
        _timeProvider = timeProvider ?? TimeProvider.System;
        var resolved = options ?? new JournalOptions();
        MaxPayloadBytes = resolved.MaxPayloadBytes;
        _queue = new GroupCommitQueue(WriteBatchAsync, resolved.MaxBatchEvents, (ILogger?)logger ?? NullLogger.Instance);
    }

    public int MaxPayloadBytes { get; }

    public Task AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        AppendValidation.ValidateShape(request, MaxPayloadBytes);
        return _queue.EnqueueAsync(new PendingAppend(request, cancellationToken));
    }

    private Task WriteBatchAsync(List<PendingAppend> batch, CancellationToken cancellationToken) =>
        _database.WriteJournalAsync((_, _, writer) =>
        {
            writer.Write(batch, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            return true;
        }, cancellationToken);

    public async IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence_nr, ordering, created_at, writer_epoch, event_type, event_version, payload FROM journal
            WHERE persistence_id = $id AND sequence_nr >= $from AND sequence_nr <= $to ORDER BY sequence_nr
            """;
        command.Parameters.AddWithValue("$id", persistenceId);
        command.Parameters.AddWithValue("$from", fromSequenceNr);
        command.Parameters.AddWithValue("$to", toSequenceNr);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new PersistedEvent(persistenceId, reader.GetInt64(0), reader.GetInt64(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt64(3), reader.GetString(4), reader.GetInt32(5),
                (byte[])reader.GetValue(6));
        }
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT highest_sequence_nr FROM journal_streams WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", persistenceId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long highest ? highest : 0;
    }

    public async Task<long> ReadWriterEpochAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT writer_epoch FROM journal_streams WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", persistenceId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long epoch ? epoch : 0;
    }

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Remember the highest ordering first: the delete may remove it, and orderings are never handed out twice.
            command.CommandText = """
                INSERT INTO journal_ordering_floor (id, ordering) SELECT 1, COALESCE(MAX(ordering), 0) FROM journal WHERE true
                    ON CONFLICT (id) DO UPDATE SET ordering = MAX(ordering, excluded.ordering);
                DELETE FROM journal WHERE persistence_id = $id AND sequence_nr <= $to;
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public async Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken)
    {
        var recorded = await _database.WriteJournalAsync((connection, transaction, writer) =>
        {
            writer.Forget(persistenceId);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO journal_streams (persistence_id, highest_sequence_nr, writer_epoch) VALUES ($id, 0, $epoch)
                ON CONFLICT (persistence_id) DO UPDATE SET writer_epoch = MAX(writer_epoch, excluded.writer_epoch)
                RETURNING writer_epoch
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$epoch", epoch);
            return (long)command.ExecuteScalar()!;
        }, cancellationToken).ConfigureAwait(false);
        return recorded > epoch ? throw new StaleWriterEpochException(persistenceId, epoch, recorded) : recorded;
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}
