using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// The embedded default store (<c>{dataDir}/journal.db</c>, SQLite in WAL mode) as one DI-friendly object: the
/// database opens on first use (opening is async, DI factories are not), then every call goes to
/// <see cref="SqliteJournal"/> / <see cref="SqliteSnapshotStore"/>.
/// </summary>
public sealed class EmbeddedSqlitePersistence(string filePath, ILoggerFactory loggers, TimeProvider time) : IJournal, ISnapshotStore, IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private SqliteDatabase? database;
    private SqliteJournal? journal;
    private SqliteSnapshotStore? snapshots;
    private int disposed;

    public string FilePath { get; } = filePath;

    public int MaxPayloadBytes { get; } = new JournalOptions().MaxPayloadBytes;

    public async Task AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        await (await JournalAsync(cancellationToken).ConfigureAwait(false)).AppendAsync(request, cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var j = await JournalAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var e in j.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        await (await JournalAsync(cancellationToken).ConfigureAwait(false)).ReadHighestSequenceNrAsync(persistenceId, cancellationToken).ConfigureAwait(false);

    public async Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        await (await JournalAsync(cancellationToken).ConfigureAwait(false)).DeleteUpToAsync(persistenceId, toSequenceNr, cancellationToken).ConfigureAwait(false);

    public async Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken) =>
        await (await JournalAsync(cancellationToken).ConfigureAwait(false)).RaiseWriterEpochAsync(persistenceId, epoch, cancellationToken).ConfigureAwait(false);

    public async Task<long> ReadWriterEpochAsync(string persistenceId, CancellationToken cancellationToken) =>
        await (await JournalAsync(cancellationToken).ConfigureAwait(false)).ReadWriterEpochAsync(persistenceId, cancellationToken).ConfigureAwait(false);

    async Task ISnapshotStore.SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        await JournalAsync(cancellationToken).ConfigureAwait(false);
        await snapshots!.SaveAsync(snapshot, cancellationToken).ConfigureAwait(false);
    }

    async Task<SnapshotRecord?> ISnapshotStore.LoadLatestAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await JournalAsync(cancellationToken).ConfigureAwait(false);
        return await snapshots!.LoadLatestAsync(persistenceId, cancellationToken).ConfigureAwait(false);
    }

    async Task ISnapshotStore.DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await JournalAsync(cancellationToken).ConfigureAwait(false);
        await snapshots!.DeleteUpToAsync(persistenceId, toSequenceNr, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Idempotent: DI disposes this object once per interface it is registered under.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (journal is not null)
        {
            await journal.DisposeAsync().ConfigureAwait(false);
        }

        if (database is not null)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }

        gate.Dispose();
    }

    private async ValueTask<SqliteJournal> JournalAsync(CancellationToken cancellationToken)
    {
        if (journal is { } ready)
        {
            return ready;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (journal is null)
            {
                database = await SqliteDatabase.OpenAsync(FilePath, cancellationToken: cancellationToken).ConfigureAwait(false);
                snapshots = new SqliteSnapshotStore(database);
                journal = new SqliteJournal(database, null, time, loggers.CreateLogger<SqliteJournal>());
            }

            return journal;
        }
        finally
        {
            gate.Release();
        }
    }
}
