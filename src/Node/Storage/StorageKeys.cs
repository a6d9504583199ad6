namespace ActorStudio.Node.Storage;

/// <summary>The key layout of ARCHITECTURE.md: originals, 512 px thumbnails and recordings, grouped by session.</summary>
public static class StorageKeys
{
    public const int ThumbnailEdge = 512;

    /// <summary><c>originals/{sessionId}/{ownerId}/{imageId}.{ext}</c></summary>
    public static string Original(string sessionId, string ownerId, string imageId, string extension) =>
        $"originals/{Segment(sessionId)}/{Segment(ownerId)}/{Segment(imageId)}.{Segment(extension)}";

    /// <summary><c>thumbs/{sessionId}/{ownerId}/{imageId}_512.{ext}</c></summary>
    public static string Thumbnail(string sessionId, string ownerId, string imageId, string extension) =>
        $"thumbs/{Segment(sessionId)}/{Segment(ownerId)}/{Segment(imageId)}_{ThumbnailEdge}.{Segment(extension)}";

    /// <summary><c>uploads/{sessionId}/{ownerId}/{imageId}.{ext}</c>: input images for iterate (metadata stripped).</summary>
    public static string Upload(string sessionId, string ownerId, string imageId, string extension) =>
        $"uploads/{Segment(sessionId)}/{Segment(ownerId)}/{Segment(imageId)}.{Segment(extension)}";

    /// <summary><c>recordings/{sessionId}/{yyyy-MM-dd}/{file}</c></summary>
    public static string Recording(string sessionId, DateOnly date, string fileName) =>
        $"recordings/{Segment(sessionId)}/{date:yyyy-MM-dd}/{Segment(fileName)}";

    /// <summary>The usual file extension for a stored content type (png, jpg, webp), or "bin".</summary>
    public static string ExtensionFor(string contentType) => contentType switch
    {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        _ => "bin",
    };

    private static string Segment(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string name = "") =>
        BlobKey.IsValidSegment(value) ? value : throw new ArgumentException($"'{value}' is not usable in a storage key.", name);
}
