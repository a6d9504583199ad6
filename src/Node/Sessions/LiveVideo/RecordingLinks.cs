using ActorStudio.Actors.Ports;
using ActorStudio.Node.LiveKit;
using ActorStudio.Node.Storage;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Sessions.LiveVideo;

/// <summary>
/// Where a finished recording can be fetched: a presigned GET when the node's blob store is S3/R2 on the same
/// bucket LiveKit Egress uploads to, otherwise the bucket and key (an operator fetches it there).
/// </summary>
public sealed class RecordingLinks(LiveKitOptions liveKit, IServiceProvider services)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    public async Task<(Uri? Url, string Where)> ResolveAsync(string key, CancellationToken cancellationToken)
    {
        var bucket = liveKit.Recording.Bucket;
        var where = $"s3://{bucket}/{key}";
        var store = services.GetService<IBlobStore>();
        var s3 = services.GetService<IOptions<S3BlobStoreOptions>>()?.Value;
        if (store is null || s3?.Bucket is null || !string.Equals(s3.Bucket, bucket, StringComparison.Ordinal))
        {
            return (null, where);
        }

        var url = await store.GetPresignedUrlAsync(key, LinkLifetime, cancellationToken).ConfigureAwait(false);
        return (url, where);
    }
}
