namespace ActorStudio.Actors.Generation;

/// <summary>
/// Where a session's images live in the blob store. The node supplies its key layout (ARCHITECTURE.md "Storage keys")
/// so the actors stay free of storage details.
/// </summary>
/// <param name="Original">(sessionId, ownerId, imageId, contentType) → key of the original.</param>
/// <param name="Thumbnail">(sessionId, ownerId, imageId, contentType) → key of the 512 px thumbnail.</param>
/// <param name="Upload">(sessionId, ownerId, imageId, contentType) → key of an uploaded input image.</param>
public sealed record ImageKeyLayout(
    Func<string, string, string, string, string> Original,
    Func<string, string, string, string, string> Thumbnail,
    Func<string, string, string, string, string> Upload)
{
    /// <summary>Content types an original or thumbnail may have been stored as (for the recovery sweep).</summary>
    public static IReadOnlyList<string> StoredContentTypes { get; } = ["image/png", "image/jpeg", "image/webp"];
}
