using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Persistence;

/// <summary>The node's snapshot store as the actor system sees it (see <see cref="DeferredJournal"/>).</summary>
public sealed class DeferredSnapshotStore(JournalStore store) : ISnapshotStore
{
    public async Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken).ConfigureAwait(false)).SaveAsync(snapshot, cancellationToken).ConfigureAwait(false);

    public async Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken).ConfigureAwait(false)).LoadLatestAsync(persistenceId, cancellationToken).ConfigureAwait(false);

    public async Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken).ConfigureAwait(false)).DeleteUpToAsync(persistenceId, toSequenceNr, cancellationToken).ConfigureAwait(false);

    private async Task<ISnapshotStore> StoreAsync(CancellationToken cancellationToken) =>
        (await store.ReadyAsync(cancellationToken).ConfigureAwait(false)).Snapshots;
}
