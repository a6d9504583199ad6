using ActorStudio.Actors.Runtime.Persistence;
using Npgsql;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Cluster mode's journal and snapshot store: PostgreSQL, opened once in the background at the first use (schema
/// migration included), retried by the next caller if the database was not reachable. Dependency injection builds
/// services synchronously, so it hands out <see cref="DeferredJournal"/>/<see cref="DeferredSnapshotStore"/>, which
/// await <see cref="ReadyAsync"/> inside their (already asynchronous) calls instead of blocking the start-up.
/// Embedded mode uses the sessions part's EmbeddedSqlitePersistence instead.
/// </summary>
public sealed class JournalStore(NpgsqlDataSource dataSource, JournalOptions options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<PostgresJournal>? _opening;

    public JournalOptions Options => options;

    public async Task<(IJournal Journal, ISnapshotStore Snapshots)> ReadyAsync(CancellationToken cancellationToken = default)
    {
        Task<PostgresJournal> opening;
        lock (_gate)
        {
            // A failed open (database not reachable yet) is tried again by the next caller, not cached forever.
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                _opening = OpenAsync();
            }

            opening = _opening;
        }

        var journal = await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (journal, new PostgresSnapshotStore(dataSource));
    }

    public async ValueTask DisposeAsync()
    {
        Task<PostgresJournal>? opening;
        lock (_gate)
        {
            opening = _opening;
        }

        if (opening is { IsCompletedSuccessfully: true })
        {
            await opening.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<PostgresJournal> OpenAsync()
    {
        await PostgresSchema.MigrateAsync(dataSource).ConfigureAwait(false);
        return new PostgresJournal(dataSource, options, loggers.CreateLogger<PostgresJournal>());
    }
}
