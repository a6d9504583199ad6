using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Hosting;
using Npgsql;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Opens the node's journal and snapshot store once, in the background, at the first use: SQLite in the data
/// directory (embedded) or PostgreSQL after the schema migration (cluster). Dependency injection builds services
/// synchronously, so the stores hand out <see cref="DeferredJournal"/>/<see cref="DeferredSnapshotStore"/> that
/// await <see cref="ReadyAsync"/> inside their (already asynchronous) calls instead of blocking on start-up.
/// </summary>
public sealed class JournalStore : IAsyncDisposable
{
    private readonly Func<Task<(IJournal Journal, ISnapshotStore Snapshots, IAsyncDisposable? Owned)>> _openAsync;
    private readonly Lock _gate = new();
    private Task<(IJournal Journal, ISnapshotStore Snapshots, IAsyncDisposable? Owned)>? _opening;

    public JournalStore(StudioMode mode, StudioPaths paths, JournalOptions options, NpgsqlDataSource? postgres, ILoggerFactory loggers)
    {
        Mode = mode;
        Options = options;
        _openAsync = () => mode == StudioMode.Cluster
            ? OpenPostgresAsync(postgres ?? throw new InvalidOperationException("Cluster mode needs Studio:Postgres:ConnectionString."), options, loggers)
            : OpenSqliteAsync(Path.Combine(paths.DataDirectory, "journal.db"), options, loggers);
    }

    public StudioMode Mode { get; }

    public JournalOptions Options { get; }

    public async Task<(IJournal Journal, ISnapshotStore Snapshots)> ReadyAsync(CancellationToken cancellationToken = default)
    {
        Task<(IJournal Journal, ISnapshotStore Snapshots, IAsyncDisposable? Owned)> opening;
        lock (_gate)
        {
            // A failed open (database not reachable yet) is tried again by the next caller, not cached forever.
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                _opening = _openAsync();
            }

            opening = _opening;
        }

        var opened = await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (opened.Journal, opened.Snapshots);
    }

    public async ValueTask DisposeAsync()
    {
        Task<(IJournal Journal, ISnapshotStore Snapshots, IAsyncDisposable? Owned)>? opening;
        lock (_gate)
        {
            opening = _opening;
        }

        if (opening is null)
        {
            return;
        }

        try
        {
            var opened = await opening.ConfigureAwait(false);
            if (opened.Journal is IAsyncDisposable journal)
            {
                await journal.DisposeAsync().ConfigureAwait(false);
            }

            if (opened.Owned is not null)
            {
                await opened.Owned.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // It never opened; there is nothing to close.
        }
    }

    private static async Task<(IJournal, ISnapshotStore, IAsyncDisposable?)> OpenSqliteAsync(string file, JournalOptions options, ILoggerFactory loggers)
    {
        var database = await SqliteDatabase.OpenAsync(file).ConfigureAwait(false);
        var journal = new SqliteJournal(database, options, TimeProvider.System, loggers.CreateLogger<SqliteJournal>());
        return (journal, new SqliteSnapshotStore(database), database);
    }

    private static async Task<(IJournal, ISnapshotStore, IAsyncDisposable?)> OpenPostgresAsync(NpgsqlDataSource dataSource, JournalOptions options, ILoggerFactory loggers)
    {
        await PostgresSchema.MigrateAsync(dataSource).ConfigureAwait(false);
        var journal = new PostgresJournal(dataSource, options, loggers.CreateLogger<PostgresJournal>());
        return (journal, new PostgresSnapshotStore(dataSource), null);
    }
}
