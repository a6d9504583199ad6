namespace ActorStudio.Actors.Generation.Messages;

/// <summary>A participant's generations, newest first; <paramref name="Cursor"/> from the previous page's NextCursor.</summary>
public sealed record GetLibrary(string ParticipantId, int? Cursor, int? Limit = null);

public sealed record LibraryPage(IReadOnlyList<LibraryGeneration> Generations, int? NextCursor);

public sealed record LibraryGeneration(
    string GenerationId,
    string Prompt,
    string AspectRatio,
    int Width,
    int Height,
    long Seed,
    string? SourceImageId,
    string? ParentGenerationId,
    DateTimeOffset CreatedAt,
    IReadOnlyList<LibraryVariant> Variants);

/// <summary>Status is queued|running|stored|failed.</summary>
public sealed record LibraryVariant(int Index, string Status, string? ImageId, int Width, int Height, long Bytes, string? FailureReason, bool Retryable, bool Shared);

/// <summary>The shared stream (oldest first), readable by everyone in the session.</summary>
public sealed record GetStream(string ParticipantId);

public sealed record StreamPage(IReadOnlyList<Protocol.Messages.StreamItem> Items);

/// <summary>May this participant read this image? Answered with <see cref="ImageAccess"/> or <see cref="ImageNotVisible"/>.</summary>
public sealed record GetImageAccess(string ParticipantId, string ImageId, bool Thumbnail);

public sealed record ImageAccess(string Key, string ContentType, string OwnerId);

/// <summary>No such image, or not the caller's and not shared: the two are deliberately the same answer.</summary>
public sealed record ImageNotVisible(string ImageId);

/// <summary>An upload is stored; the session records it (and refuses it if the caps are reached).</summary>
public sealed record RecordUpload(string ParticipantId, string ImageId, string Key, string ContentType, int Width, int Height, long Bytes);

public sealed record UploadRecorded(string ImageId, int Width, int Height);
