using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Copies the WAL back into the database file in the background, on its own connection, so the commit that crosses
/// SQLite's auto-checkpoint threshold no longer pays for it on the journal's single writer (the writer runs with
/// <c>wal_autocheckpoint=0</c>). PASSIVE checkpoints never block the writer or readers; if the WAL still grows past
/// <see cref="WalBackstopBytes"/> (readers holding old snapshots), a TRUNCATE checkpoint waits for them and resets it.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public const long WalBackstopBytes = 256L * 1024 * 1024;

    private readonly string _connectionString;
    private readonly string _walPath;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString, string databasePath, ILogger logger)
    {
        _connectionString = connectionString;
        _walPath = databasePath + "-wal";
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
            var walBytes = File.Exists(_walPath) ? new FileInfo(_walPath).Length : 0;
            if (walBytes == 0)
            {
                return;
            }

            var mode = walBytes > WalBackstopBytes ? "TRUNCATE" : "PASSIVE";
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout=10000; PRAGMA wal_checkpoint({mode});";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SqliteException or IOException)
        {
            // Nothing is lost: the WAL keeps the commits; the next tick tries again.
            _logger.LogWarning(error, "SQLite WAL checkpoint of {WalPath} failed", _walPath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
