using System.Runtime.CompilerServices;
using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Persistence;

/// <summary>The node's journal as the actor system sees it: every call waits for <see cref="JournalStore"/> to open.</summary>
public sealed class DeferredJournal(JournalStore store) : IJournal
{
    public int MaxPayloadBytes => store.Options.MaxPayloadBytes;

    public async Task AppendAsync(AppendRequest request, CancellationToken cancellationToken) =>
        await (await JournalAsync(cancellationToken).ConfigureAwait(false)).AppendAsync(request, cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var journal = await JournalAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var persisted in journal.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken).ConfigureAwait(false))
        {
            yield return persisted;
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

    private async Task<IJournal> JournalAsync(CancellationToken cancellationToken) =>
        (await store.ReadyAsync(cancellationToken).ConfigureAwait(false)).Journal;
}
