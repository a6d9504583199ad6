using System.Runtime.CompilerServices;
using ActorStudio.Actors.Runtime.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// The embedded journal. Appends from all actors are group-committed: one transaction on the single writer
/// connection carries every append waiting at that moment (prepared inserts), each append validated on its own
/// (a refused one writes nothing and does not fail its neighbours).
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
        _database.WriteAsync((connection, transaction) =>
        {
            var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            using var maxOrdering = connection.CreateCommand();
            maxOrdering.Transaction = transaction;
            maxOrdering.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            var ordering = (long)maxOrdering.ExecuteScalar()!;

            using var readStream = connection.CreateCommand();
            readStream.Transaction = transaction;
            readStream.CommandText = "SELECT highest_sequence_nr, writer_epoch FROM journal_streams WHERE persistence_id = $id";
            var readId = readStream.Parameters.Add("$id", SqliteType.Text);

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO journal (persistence_id, sequence_nr, ordering, created_at, writer_epoch, event_type, event_version, payload)
                VALUES ($id, $seq, $ord, $at, $epoch, $type, $version, $payload)
                """;
            var pId = insert.Parameters.Add("$id", SqliteType.Text);
            var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var pOrd = insert.Parameters.Add("$ord", SqliteType.Integer);
            var pAt = insert.Parameters.Add("$at", SqliteType.Integer);
            var pEpoch = insert.Parameters.Add("$epoch", SqliteType.Integer);
            var pType = insert.Parameters.Add("$type", SqliteType.Text);
            var pVersion = insert.Parameters.Add("$version", SqliteType.Integer);
            var pPayload = insert.Parameters.Add("$payload", SqliteType.Blob);
            pAt.Value = now;

            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO journal_streams (persistence_id, highest_sequence_nr, writer_epoch) VALUES ($id, $highest, $epoch)
                ON CONFLICT (persistence_id) DO UPDATE SET highest_sequence_nr = excluded.highest_sequence_nr, writer_epoch = excluded.writer_epoch
                """;
            var uId = upsert.Parameters.Add("$id", SqliteType.Text);
            var uHighest = upsert.Parameters.Add("$highest", SqliteType.Integer);
            var uEpoch = upsert.Parameters.Add("$epoch", SqliteType.Integer);

            foreach (var append in batch)
            {
                var request = append.Request;
                readId.Value = request.PersistenceId;
                long highest = 0, epoch = 0;
                using (var reader = readStream.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        highest = reader.GetInt64(0);
                        epoch = reader.GetInt64(1);
                    }
                }

                try
                {
                    AppendValidation.ValidateAgainst(request, highest, epoch);
                }
                catch (JournalRefusedException refused)
                {
                    append.Refusal = refused;
                    continue;
                }

                pId.Value = request.PersistenceId;
                pEpoch.Value = request.WriterEpoch;
                foreach (var e in request.Events)
                {
                    pSeq.Value = e.SequenceNr;
                    pOrd.Value = ++ordering;
                    pType.Value = e.EventType;
                    pVersion.Value = e.EventVersion;
                    pPayload.Value = PayloadArrays.AsArray(e.Payload);
                    insert.ExecuteNonQuery();
                }

                uId.Value = request.PersistenceId;
                uHighest.Value = request.Events[^1].SequenceNr;
                uEpoch.Value = request.WriterEpoch;
                upsert.ExecuteNonQuery();
            }

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
            command.CommandText = "DELETE FROM journal WHERE persistence_id = $id AND sequence_nr <= $to";
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public async Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken)
    {
        var recorded = await _database.WriteAsync((connection, transaction) =>
        {
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
