namespace ActorStudio.Actors.Ports;

/// <summary>Object metadata written beside a blob. Never carries the prompt itself, only its hash.</summary>
public sealed record BlobMetadata(
    string ContentType,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>Where originals, thumbnails and recordings live (local files by default, S3/R2 in production).</summary>
public interface IBlobStore
{
    ValueTask PutAsync(string key, ReadOnlyMemory<byte> content, BlobMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Opens the blob for reading, or returns null when it does not exist.</summary>
    ValueTask<BlobContent?> GetAsync(string key, CancellationToken cancellationToken);

    ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    ValueTask DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>A short-lived URL a browser may GET directly, or null when the store serves bytes itself.</summary>
    ValueTask<Uri?> GetPresignedUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Cheap reachability probe for /readyz.</summary>
    ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken);
}

public sealed record BlobContent(ReadOnlyMemory<byte> Bytes, string ContentType)
{
    /// <summary>The tags written with the blob (owner, session, prompt hash ...), empty when the store keeps none.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = EmptyTags;

    private static readonly IReadOnlyDictionary<string, string> EmptyTags = new Dictionary<string, string>();
}
