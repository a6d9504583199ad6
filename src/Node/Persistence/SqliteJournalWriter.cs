using System.Text;
using ActorStudio.Actors.Runtime.Persistence;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// The append path on the writer connection, on SQLitePCLRaw directly: statements prepared ONCE for the connection's
/// life (Microsoft.Data.Sqlite's command objects cost several µs per row in parameter handling), multi-row INSERTs for
/// a few fixed row counts, binding by index, UTF-8 bytes for strings.
/// It also caches each stream's highest sequence nr and writer epoch, and the last global ordering. The cache is
/// valid ONLY because there is exactly ONE writer connection per database file (<see cref="SqliteDatabase"/>) and
/// every write to journal/journal_streams goes through it; a failed transaction clears it (<see cref="Invalidate"/>).
/// Used only under the database's writer lock, so it needs no locking of its own.
/// </summary>
internal sealed class SqliteJournalWriter : IDisposable
{
    // Row counts with a prepared multi-row INSERT; a batch is cut greedily into these.
    private static readonly int[] RowCounts = [64, 16, 4, 1];
    private const int ColumnsPerRow = 7;
    private const int MaxCachedStreams = 100_000;
    private const int MaxCachedTypes = 256;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt[] _inserts;
    private readonly sqlite3_stmt _readStream;
    private readonly sqlite3_stmt _upsertStream;
    private readonly sqlite3_stmt _maxOrdering;
    private readonly Dictionary<string, (long Highest, long Epoch)> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _typeBytes = new(StringComparer.Ordinal);
    private long _lastOrdering = -1;

    public SqliteJournalWriter(SqliteConnection writer)
    {
        _db = writer.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        _inserts = new sqlite3_stmt[RowCounts.Length];
        for (var i = 0; i < RowCounts.Length; i++)
        {
            var values = new StringBuilder();
            for (var r = 0; r < RowCounts[i]; r++)
            {
                values.Append(r == 0 ? "(" : ",(");
                for (var c = 0; c < ColumnsPerRow; c++)
                {
                    values.Append(c == 0 ? "?" : ",?");
                }

                values.Append(",?)"); // created_at, bound once per statement use
            }

            _inserts[i] = Prepare("INSERT INTO journal (ordering, persistence_id, sequence_nr, writer_epoch, event_type, event_version, payload, created_at) VALUES "
                + values);
        }

        _readStream = Prepare("SELECT highest_sequence_nr, writer_epoch FROM journal_streams WHERE persistence_id = ?1");
        _upsertStream = Prepare("""
            INSERT INTO journal_streams (persistence_id, highest_sequence_nr, writer_epoch) VALUES (?1, ?2, ?3)
            ON CONFLICT (persistence_id) DO UPDATE SET highest_sequence_nr = excluded.highest_sequence_nr, writer_epoch = excluded.writer_epoch
            """);
        // journal_ordering_floor remembers orderings whose rows DeleteUpTo removed since (schema v2).
        _maxOrdering = Prepare("""
            SELECT MAX(COALESCE((SELECT ordering FROM journal_ordering_floor WHERE id = 1), 0), COALESCE((SELECT MAX(ordering) FROM journal), 0))
            """);
    }

    /// <summary>Writes the batch's accepted appends (inside the caller's transaction); refused ones get their Refusal.</summary>
    public void Write(List<PendingAppend> batch, long createdAt)
    {
        if (_lastOrdering < 0)
        {
            _lastOrdering = ReadMaxOrdering();
        }

        Span<byte> idBuffer = stackalloc byte[512];
        foreach (var append in batch)
        {
            var request = append.Request;
            var stream = ReadStream(request.PersistenceId);
            try
            {
                AppendValidation.ValidateAgainst(request, stream.Highest, stream.Epoch);
            }
            catch (JournalRefusedException refused)
            {
                append.Refusal = refused;
                continue;
            }

            var id = Utf8(request.PersistenceId, idBuffer, out var rented);
            var events = request.Events;
            var done = 0;
            while (done < events.Count)
            {
                var remaining = events.Count - done;
                var k = 0;
                while (RowCounts[k] > remaining)
                {
                    k++;
                }

                var rows = RowCounts[k];
                var insert = _inserts[k];
                var index = 1;
                for (var r = 0; r < rows; r++)
                {
                    var e = events[done + r];
                    Check(raw.sqlite3_bind_int64(insert, index++, ++_lastOrdering));
                    BindText(insert, index++, id);
                    Check(raw.sqlite3_bind_int64(insert, index++, e.SequenceNr));
                    Check(raw.sqlite3_bind_int64(insert, index++, request.WriterEpoch));
                    BindText(insert, index++, TypeBytes(e.EventType));
                    Check(raw.sqlite3_bind_int(insert, index++, e.EventVersion));
                    // An empty span would reach SQLite as a NULL pointer, i.e. NULL: bind a zero-length blob instead.
                    Check(e.Payload.IsEmpty ? raw.sqlite3_bind_zeroblob(insert, index++, 0) : raw.sqlite3_bind_blob(insert, index++, e.Payload.Span));
                    Check(raw.sqlite3_bind_int64(insert, index++, createdAt));
                }

                Step(insert);
                done += rows;
            }

            var highest = events[^1].SequenceNr;
            BindText(_upsertStream, 1, id);
            Check(raw.sqlite3_bind_int64(_upsertStream, 2, highest));
            Check(raw.sqlite3_bind_int64(_upsertStream, 3, request.WriterEpoch));
            Step(_upsertStream);
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }

            if (_streams.Count >= MaxCachedStreams && !_streams.ContainsKey(request.PersistenceId))
            {
                _streams.Clear(); // bounded: a miss only costs one indexed read
            }

            _streams[request.PersistenceId] = (highest, request.WriterEpoch);
        }
    }

    /// <summary>A write outside <see cref="Write"/> changed this stream's row (epoch raised): read it again next time.</summary>
    public void Forget(string persistenceId) => _streams.Remove(persistenceId);

    /// <summary>The transaction failed (rolled back): nothing cached can be trusted.</summary>
    public void Invalidate()
    {
        _streams.Clear();
        _lastOrdering = -1;
    }

    public void Dispose()
    {
        foreach (var insert in _inserts)
        {
            insert.Dispose();
        }

        _readStream.Dispose();
        _upsertStream.Dispose();
        _maxOrdering.Dispose();
    }

    private (long Highest, long Epoch) ReadStream(string persistenceId)
    {
        if (_streams.TryGetValue(persistenceId, out var cached))
        {
            return cached;
        }

        Check(raw.sqlite3_bind_text(_readStream, 1, persistenceId));
        try
        {
            var rc = raw.sqlite3_step(_readStream);
            if (rc == raw.SQLITE_ROW)
            {
                return (raw.sqlite3_column_int64(_readStream, 0), raw.sqlite3_column_int64(_readStream, 1));
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return (0, 0);
        }
        finally
        {
            raw.sqlite3_reset(_readStream);
        }
    }

    private long ReadMaxOrdering()
    {
        try
        {
            var rc = raw.sqlite3_step(_maxOrdering);
            if (rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_column_int64(_maxOrdering, 0);
        }
        finally
        {
            raw.sqlite3_reset(_maxOrdering);
        }
    }

    private byte[] TypeBytes(string eventType)
    {
        if (!_typeBytes.TryGetValue(eventType, out var bytes))
        {
            if (_typeBytes.Count >= MaxCachedTypes)
            {
                _typeBytes.Clear();
            }

            bytes = Encoding.UTF8.GetBytes(eventType);
            _typeBytes[eventType] = bytes;
        }

        return bytes;
    }

    private static ReadOnlySpan<byte> Utf8(string value, Span<byte> buffer, out byte[]? rented)
    {
        rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > buffer.Length)
        {
            rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max);
            buffer = rented;
        }

        return buffer[..Encoding.UTF8.GetBytes(value, buffer)];
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(rc, _db); // reads the message before the reset
            }
            finally
            {
                raw.sqlite3_reset(statement);
            }
        }

        raw.sqlite3_reset(statement);
    }

    private void BindText(sqlite3_stmt statement, int index, ReadOnlySpan<byte> utf8) =>
        // An empty span would reach SQLite as a NULL pointer, i.e. NULL: bind the empty string instead.
        Check(utf8.IsEmpty ? raw.sqlite3_bind_text(statement, index, string.Empty) : raw.sqlite3_bind_text(statement, index, utf8));

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return statement ?? throw new InvalidOperationException("SQLite prepared no statement for: " + sql);
    }
}
