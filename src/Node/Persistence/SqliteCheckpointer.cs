using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Copies the WAL back into the database file in the background, on its own connection, so the commit that crosses
/// SQLite's auto-checkpoint threshold no longer pays for it on the journal's single writer (the writer runs with
/// <c>wal_autocheckpoint=0</c>). Each tick: a PASSIVE checkpoint, which never blocks the writer or readers, copies
/// what was committed so far. Under continuous writes a PASSIVE pass never catches up with the end of the WAL, and
/// SQLite only rewinds a fully copied WAL, so the file would grow without bound; when more than
/// <see cref="RestartFrames"/> frames are in it, a RESTART checkpoint is run holding the writer lock (between group
/// commits): it only has the few frames written during the PASSIVE pass left to copy, then the next commit rewinds
/// the WAL. Measured without it: the WAL reached the old 256 MB backstop within 10 s and its TRUNCATE stalled
/// appends for 5 s.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>WAL frames (pages) above which the WAL is rewound: 4096 frames = 16 MB with 4 KB pages.</summary>
    public const long RestartFrames = 4096;

    private readonly string _connectionString;
    private readonly string _walPath;
    private readonly SemaphoreSlim _writerLock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString, string databasePath, SemaphoreSlim writerLock, ILogger logger)
    {
        _connectionString = connectionString;
        _walPath = databasePath + "-wal";
        _writerLock = writerLock;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await CheckpointOnceAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
    }

    private async Task CheckpointOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(_walPath) || new FileInfo(_walPath).Length == 0)
            {
                return;
            }

            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var busy = connection.CreateCommand())
            {
                busy.CommandText = "PRAGMA busy_timeout=10000;";
                await busy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var walFrames = await CheckpointAsync(connection, "PASSIVE", cancellationToken).ConfigureAwait(false);
            if (walFrames <= RestartFrames)
            {
                return;
            }

            await _writerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await CheckpointAsync(connection, "RESTART", cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writerLock.Release();
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Nothing is lost: the WAL keeps the commits; the next tick tries again.
            _logger.LogWarning(error, "SQLite WAL checkpoint of {WalPath} failed", _walPath);
        }
    }

    /// <returns>The number of frames in the WAL when the checkpoint ran.</returns>
    private static async Task<long> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});"; // one row: busy, frames in the WAL, frames copied
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(1) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
