using ActorStudio.Actors.Ports;
using ActorStudio.Node.Hosting;

namespace ActorStudio.Node.Storage;

/// <summary>Ready when the blob store answers: the local blob directory exists, or the S3/R2 bucket can be reached.</summary>
public sealed class BlobStoreReadinessCheck(IBlobStore blobs) : IReadinessCheck
{
    public string Name => "storage";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await blobs.IsReachableAsync(cancellationToken).ConfigureAwait(false)
                ? ReadinessResult.Ready()
                : ReadinessResult.NotReady("the blob store is not reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessResult.NotReady($"the blob store failed: {ex.Message}");
        }
    }
}
