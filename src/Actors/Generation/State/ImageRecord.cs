namespace ActorStudio.Actors.Generation.State;

/// <summary>A stored image (a generated variant or an upload): where its bytes are and who may read them.</summary>
public sealed class ImageRecord(string imageId, string ownerId, string? generationId, int variantIndex, string prompt, int width, int height, long bytes, string originalKey, string originalContentType, string? thumbnailKey, string? thumbnailContentType, string model, DateTimeOffset createdAt)
{
    public string ImageId { get; } = imageId;

    public string OwnerId { get; } = ownerId;

    /// <summary>Null for uploads.</summary>
    public string? GenerationId { get; } = generationId;

    public int VariantIndex { get; } = variantIndex;

    public string Prompt { get; } = prompt;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public long Bytes { get; } = bytes;

    public string OriginalKey { get; } = originalKey;

    public string OriginalContentType { get; } = originalContentType;

    /// <summary>Null for uploads: the original is served for both variants.</summary>
    public string? ThumbnailKey { get; } = thumbnailKey;

    public string? ThumbnailContentType { get; } = thumbnailContentType;

    public string Model { get; } = model;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The stream item while shared, null otherwise.</summary>
    public string? SharedItemId { get; set; }

    public bool IsVisibleTo(string participantId) => OwnerId == participantId || SharedItemId is not null;
}
