using System.Runtime.CompilerServices;
using ActorStudio.Actors.Runtime.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// The production journal. Appends are group-committed by <see cref="JournalOptions.PostgresWriters"/> parallel
/// writers (a persistence id always goes to the same writer, so its appends stay ordered). One transaction per batch:
/// lock the batch's stream rows (FOR UPDATE, in key order so writers never deadlock), validate each append against
/// them, insert every accepted event with ONE multi-row INSERT over unnest() arrays, update the stream rows, commit.
/// The stream row lock and the (persistence_id, sequence_nr) primary key keep two NODES from both writing one id.
/// Not binary COPY, although it costs the server less CPU per event: a backend waiting for COPY data is neither
/// "idle in transaction" nor interruptible by statement_timeout, so a node paused in the middle of a COPY would keep
/// its stream row locks for as long as it stays paused, and the node taking its sessions over would wait that long.
/// Between statements, idle_in_transaction_session_timeout (<see cref="PostgresOptions.IdleInTransactionTimeout"/>)
/// frees them.
/// </summary>
public sealed class PostgresJournal : IJournal, IAsyncDisposable
{
    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitQueue[] _writers;
    private readonly ILogger _logger;

    public PostgresJournal(NpgsqlDataSource dataSource, JournalOptions? options = null, ILogger<PostgresJournal>? logger = null)
    {
        _dataSource = dataSource;
        var resolved = options ?? new JournalOptions();
        MaxPayloadBytes = resolved.MaxPayloadBytes;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writers = new GroupCommitQueue[Math.Max(1, resolved.PostgresWriters)];
        for (var i = 0; i < _writers.Length; i++)
        {
            _writers[i] = new GroupCommitQueue(WriteBatchAsync, resolved.MaxBatchEvents, _logger);
        }
    }

    public int MaxPayloadBytes { get; }

    public Task AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        AppendValidation.ValidateShape(request, MaxPayloadBytes);
        var writer = _writers[(int)((uint)StringComparer.Ordinal.GetHashCode(request.PersistenceId) % (uint)_writers.Length)];
        return writer.EnqueueAsync(new PendingAppend(request, cancellationToken));
    }

    private async Task WriteBatchAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        try
        {
            await WriteInOneTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (error.SqlState == UniqueViolation && batch.Count > 1)
        {
            // Someone outside our lock discipline collided: retry one by one so only the guilty append fails.
            _logger.LogWarning(error, "Journal batch of {AppendCount} appends hit a key collision; retrying them one by one", batch.Count);
            foreach (var append in batch)
            {
                append.Refusal = null;
                try
                {
                    await WriteInOneTransactionAsync([append], cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException single) when (single.SqlState == UniqueViolation)
                {
                    append.Refusal = new JournalConflictException(append.Request.PersistenceId, append.Request.Events[0].SequenceNr, -1);
                }
            }
        }
        catch (PostgresException error) when (error.SqlState == UniqueViolation)
        {
            batch[0].Refusal = new JournalConflictException(batch[0].Request.PersistenceId, batch[0].Request.Events[0].SequenceNr, -1);
        }
    }

    private async Task WriteInOneTransactionAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var ids = new List<string>(batch.Count);
        foreach (var append in batch)
        {
            if (!ids.Contains(append.Request.PersistenceId))
            {
                ids.Add(append.Request.PersistenceId);
            }
        }

        ids.Sort(StringComparer.Ordinal);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var streams = new Dictionary<string, (long Highest, long Epoch)>(ids.Count, StringComparer.Ordinal);
        await using (var lockBatch = new NpgsqlBatch(connection, transaction))
        {
            var ensure = new NpgsqlBatchCommand("""
                INSERT INTO journal_streams (persistence_id, highest_sequence_nr, writer_epoch)
                SELECT id, 0, 0 FROM unnest($1::text[]) AS t(id) ORDER BY id
                ON CONFLICT (persistence_id) DO NOTHING
                """);
            ensure.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            var select = new NpgsqlBatchCommand("""
                SELECT persistence_id, highest_sequence_nr, writer_epoch FROM journal_streams
                WHERE persistence_id = ANY($1::text[]) ORDER BY persistence_id FOR UPDATE
                """);
            select.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            lockBatch.BatchCommands.Add(ensure);
            lockBatch.BatchCommands.Add(select);
            // Prepared once per pooled physical connection (Npgsql keeps them), then reused by SQL text.
            await lockBatch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await using var reader = await lockBatch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                streams[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        var total = 0;
        foreach (var append in batch)
        {
            total += append.Request.Events.Count;
        }

        var pids = new string[total];
        var seqs = new long[total];
        var epochs = new long[total];
        var types = new string[total];
        var versions = new int[total];
        var payloads = new byte[total][];
        var row = 0;
        foreach (var append in batch)
        {
            var request = append.Request;
            var stream = streams[request.PersistenceId];
            try
            {
                AppendValidation.ValidateAgainst(request, stream.Highest, stream.Epoch);
            }
            catch (JournalRefusedException refused)
            {
                append.Refusal = refused;
                continue;
            }

            foreach (var e in request.Events)
            {
                pids[row] = request.PersistenceId;
                seqs[row] = e.SequenceNr;
                epochs[row] = request.WriterEpoch;
                types[row] = e.EventType;
                versions[row] = e.EventVersion;
                payloads[row] = PayloadArrays.AsArray(e.Payload);
                row++;
            }

            streams[request.PersistenceId] = (request.Events[^1].SequenceNr, request.WriterEpoch);
        }

        if (row == 0)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (row < total)
        {
            Array.Resize(ref pids, row);
            Array.Resize(ref seqs, row);
            Array.Resize(ref epochs, row);
            Array.Resize(ref types, row);
            Array.Resize(ref versions, row);
            Array.Resize(ref payloads, row);
        }

        var streamIds = new string[streams.Count];
        var highests = new long[streams.Count];
        var streamEpochs = new long[streams.Count];
        var s = 0;
        foreach (var (id, state) in streams)
        {
            streamIds[s] = id;
            highests[s] = state.Highest;
            streamEpochs[s] = state.Epoch;
            s++;
        }

        await using (var writeBatch = new NpgsqlBatch(connection, transaction))
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO journal (persistence_id, sequence_nr, writer_epoch, event_type, event_version, payload)
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::integer[], $6::bytea[])
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = pids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = seqs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = epochs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            insert.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            var update = new NpgsqlBatchCommand("""
                UPDATE journal_streams AS s SET highest_sequence_nr = u.highest, writer_epoch = u.epoch
                FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(id, highest, epoch)
                WHERE s.persistence_id = u.id
                """);
            update.Parameters.Add(new NpgsqlParameter { Value = streamIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter { Value = highests, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            update.Parameters.Add(new NpgsqlParameter { Value = streamEpochs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            writeBatch.BatchCommands.Add(insert);
            writeBatch.BatchCommands.Add(update);
            await writeBatch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await writeBatch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT sequence_nr, ordering, created_at, writer_epoch, event_type, event_version, payload FROM journal
            WHERE persistence_id = $1 AND sequence_nr >= $2 AND sequence_nr <= $3 ORDER BY sequence_nr
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = persistenceId });
        command.Parameters.Add(new NpgsqlParameter { Value = fromSequenceNr });
        command.Parameters.Add(new NpgsqlParameter { Value = toSequenceNr });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new PersistedEvent(persistenceId, reader.GetInt64(0), reader.GetInt64(1),
                reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3), reader.GetString(4), reader.GetInt32(5),
                reader.GetFieldValue<byte[]>(6));
        }
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        ReadStreamColumnAsync("highest_sequence_nr", persistenceId, cancellationToken);

    public Task<long> ReadWriterEpochAsync(string persistenceId, CancellationToken cancellationToken) =>
        ReadStreamColumnAsync("writer_epoch", persistenceId, cancellationToken);

    public async Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM journal WHERE persistence_id = $1 AND sequence_nr <= $2");
        command.Parameters.Add(new NpgsqlParameter { Value = persistenceId });
        command.Parameters.Add(new NpgsqlParameter { Value = toSequenceNr });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO journal_streams (persistence_id, highest_sequence_nr, writer_epoch) VALUES ($1, 0, $2)
            ON CONFLICT (persistence_id) DO UPDATE SET writer_epoch = GREATEST(journal_streams.writer_epoch, EXCLUDED.writer_epoch)
            RETURNING writer_epoch
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = persistenceId });
        command.Parameters.Add(new NpgsqlParameter { Value = epoch });
        var recorded = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return recorded > epoch ? throw new StaleWriterEpochException(persistenceId, epoch, recorded) : recorded;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<long> ReadStreamColumnAsync(string column, string persistenceId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {column} FROM journal_streams WHERE persistence_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = persistenceId });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value ? value : 0;
    }
}
