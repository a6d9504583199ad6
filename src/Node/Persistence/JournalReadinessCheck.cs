using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Hosting;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Ready once the journal answers a read: the embedded SQLite file opened, or (cluster mode) PostgreSQL reachable and
/// migrated. A journal still opening answers late and the probe's timeout counts it as not ready.
/// </summary>
public sealed class JournalReadinessCheck(IJournal journal) : IReadinessCheck
{
    public string Name => "journal";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await journal.ReadHighestSequenceNrAsync("readyz-probe", cancellationToken).ConfigureAwait(false);
            return ReadinessResult.Ready();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessResult.NotReady($"journal unavailable: {ex.Message}");
        }
    }
}
