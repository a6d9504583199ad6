using ActorStudio.Node.Hosting;

namespace ActorStudio.Node.Persistence;

/// <summary>Ready once the journal has opened (cluster mode: PostgreSQL reachable and migrated).</summary>
public sealed class JournalReadinessCheck(JournalStore store) : IReadinessCheck
{
    public string Name => "journal";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (journal, _) = await store.ReadyAsync(cancellationToken).ConfigureAwait(false);
            await journal.ReadHighestSequenceNrAsync("readyz-probe", cancellationToken).ConfigureAwait(false);
            return ReadinessResult.Ready();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessResult.NotReady($"PostgreSQL journal unavailable: {ex.Message}");
        }
    }
}
