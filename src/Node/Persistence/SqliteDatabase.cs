using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// The embedded journal database: one file in WAL mode, ONE writer connection (SQLite allows one writer at a time
/// anyway; owning it avoids busy-waiting), and short-lived pooled reader connections that WAL lets run beside it.
/// The schema is created/migrated on open and versioned in <c>schema_version</c> (a new file is created at v1 and
/// migrated like an old one, so every database takes the same path).
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    public const int SchemaVersion = 2;

    private readonly SemaphoreSlim _writerLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly string _readerConnectionString;
    private readonly SqliteCheckpointer _checkpointer;
    private SqliteJournalWriter? _journalWriter;

    private SqliteDatabase(SqliteConnection writer, string readerConnectionString, string filePath, ILogger logger)
    {
        _writer = writer;
        _readerConnectionString = readerConnectionString;
        // wal_autocheckpoint=0 on the writer: the WAL is copied back by this background checkpointer, not on the commit path.
        _checkpointer = new SqliteCheckpointer(readerConnectionString, Path.GetFullPath(filePath), _writerLock, logger);
    }

    public string FilePath { get; private init; } = string.Empty;

    public static async Task<SqliteDatabase> OpenAsync(string filePath, SqliteSynchronousMode synchronous = SqliteSynchronousMode.Normal,
        CancellationToken cancellationToken = default, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = filePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 };
        var writer = new SqliteConnection(builder.ToString());
        await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(writer, $"""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous={(synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};
            PRAGMA busy_timeout=10000;
            PRAGMA temp_store=MEMORY;
            PRAGMA cache_size=-32000;
            PRAGMA wal_autocheckpoint=0;
            PRAGMA journal_size_limit=67108864;
            """, cancellationToken).ConfigureAwait(false);
        await MigrateAsync(writer, cancellationToken).ConfigureAwait(false);
        var readers = new SqliteConnectionStringBuilder { DataSource = filePath, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();
        return new SqliteDatabase(writer, readers, filePath, logger ?? NullLogger.Instance)
        {
            FilePath = filePath,
        };
    }

    /// <summary>Runs <paramref name="work"/> on the writer connection inside one transaction, committed if it returns.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        WriteJournalAsync((connection, transaction, _) => work(connection, transaction), cancellationToken);

    /// <summary>Like <see cref="WriteAsync{T}"/>, also handing over the writer connection's journal append path.</summary>
    internal async Task<T> WriteJournalAsync<T>(Func<SqliteConnection, SqliteTransaction, SqliteJournalWriter, T> work, CancellationToken cancellationToken)
    {
        await _writerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _journalWriter ??= new SqliteJournalWriter(_writer);
            try
            {
                using var transaction = _writer.BeginTransaction(deferred: false);
                var result = work(_writer, transaction, _journalWriter);
                transaction.Commit();
                return result;
            }
            catch
            {
                // Rolled back: the writer's cache of stream heads may hold values that were never committed.
                _journalWriter.Invalidate();
                throw;
            }
        }
        finally
        {
            _writerLock.Release();
        }
    }

    /// <summary>A reader connection (pooled); dispose it after use.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readerConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000;";
        command.ExecuteNonQuery();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _checkpointer.DisposeAsync().ConfigureAwait(false);
        await _writerLock.WaitAsync().ConfigureAwait(false);
        _journalWriter?.Dispose(); // statements must be finalized before the connection closes
        await _writer.DisposeAsync().ConfigureAwait(false);
        _writerLock.Dispose();
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT version FROM schema_version WHERE component = 'journal'";
        var current = read.ExecuteScalar() is long v ? (int)v : 0;
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"The journal database schema is version {current}, newer than this build's {SchemaVersion}.");
        }

        if (current < 1)
        {
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE journal (
                    persistence_id TEXT NOT NULL,
                    sequence_nr INTEGER NOT NULL,
                    ordering INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    writer_epoch INTEGER NOT NULL,
                    event_type TEXT NOT NULL,
                    event_version INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (persistence_id, sequence_nr)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX journal_ordering ON journal (ordering);
                CREATE TABLE journal_streams (
                    persistence_id TEXT PRIMARY KEY,
                    highest_sequence_nr INTEGER NOT NULL,
                    writer_epoch INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE snapshots (
                    persistence_id TEXT NOT NULL,
                    sequence_nr INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    state_type TEXT NOT NULL,
                    state_version INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (persistence_id, sequence_nr)
                ) WITHOUT ROWID;
                INSERT INTO schema_version (component, version) VALUES ('journal', 1)
                    ON CONFLICT (component) DO UPDATE SET version = excluded.version;
                """;
            create.ExecuteNonQuery();
        }

        if (current < 2)
        {
            // v2: the global ordering IS the rowid (INTEGER PRIMARY KEY), so the rows go into the table's b-tree in
            // append order, and (persistence_id, sequence_nr) is kept unique by a UNIQUE constraint. In a rowid table
            // SQLite implements a composite PRIMARY KEY exactly as such a unique index (plus NOT NULL, which the
            // columns have), so the architecture's "(persistence_id, sequence_nr) primary key" still holds as a
            // constraint: a colliding insert fails. v1 kept the whole row clustered by that pair (WITHOUT ROWID),
            // which split pages across every active stream on each batch, plus a second index on ordering.
            // Declared INTEGER PRIMARY KEY (not a bare rowid) so VACUUM can never renumber the ordering.
            // journal_ordering_floor: the highest ordering at the last DeleteUpTo. After one removed the newest rows
            // and the node restarted, MAX(ordering) alone would hand those numbers out again, and the analytics feed,
            // already past them, would skip the new events. (AUTOINCREMENT would do the same but costs ~10 % of
            // append throughput, paid on every insert instead of on the rare delete.)
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = """
                CREATE TABLE journal_v2 (
                    ordering INTEGER PRIMARY KEY,
                    persistence_id TEXT NOT NULL,
                    sequence_nr INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    writer_epoch INTEGER NOT NULL,
                    event_type TEXT NOT NULL,
                    event_version INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    CONSTRAINT journal_stream_sequence UNIQUE (persistence_id, sequence_nr)
                );
                INSERT INTO journal_v2 (ordering, persistence_id, sequence_nr, created_at, writer_epoch, event_type, event_version, payload)
                    SELECT ordering, persistence_id, sequence_nr, created_at, writer_epoch, event_type, event_version, payload
                    FROM journal ORDER BY ordering;
                DROP TABLE journal;
                ALTER TABLE journal_v2 RENAME TO journal;
                CREATE TABLE journal_ordering_floor (id INTEGER PRIMARY KEY CHECK (id = 1), ordering INTEGER NOT NULL);
                INSERT INTO schema_version (component, version) VALUES ('journal', 2)
                    ON CONFLICT (component) DO UPDATE SET version = excluded.version;
                """;
            migrate.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
