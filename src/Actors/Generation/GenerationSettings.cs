namespace ActorStudio.Actors.Generation;

/// <summary>
/// Limits and tunables of image generation (configuration section <c>Generation</c>; see docs/operations.md).
/// Every limit is enforced inside the session actor, so concurrent requests cannot race past it.
/// </summary>
public sealed class GenerationSettings
{
    /// <summary>Provider calls in flight on this node across every session (the provider's own quota).</summary>
    public int MaxConcurrentPerNode { get; set; } = 16;

    /// <summary>Provider calls in flight for one session, so one busy room cannot take the whole node.</summary>
    public int MaxConcurrentPerSession { get; set; } = 8;

    /// <summary>Prompts one participant may send per minute (burst of the same size).</summary>
    public int PromptsPerMinute { get; set; } = 6;

    /// <summary>Images (variants) one participant may request per rolling hour.</summary>
    public int ImagesPerHour { get; set; } = 200;

    /// <summary>Images (variants) one session may request in total.</summary>
    public int MaxImagesPerSession { get; set; } = 20_000;

    /// <summary>Bytes of originals and thumbnails one session may store; new prompts are refused once reached.</summary>
    public long MaxStoredBytesPerSession { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Longest prompt accepted, in characters.</summary>
    public int MaxPromptChars { get; set; } = 2000;

    /// <summary>One variant's provider call is abandoned (failed, retryable, reason timeout) after this long.</summary>
    public TimeSpan VariantTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Longest edge of the stored thumbnail.</summary>
    public int ThumbnailEdge { get; set; } = 512;

    /// <summary>Progress updates per variant are sent at most this often (the final states always go out).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Library page size for <c>GET /api/sessions/{id}/library</c>.</summary>
    public int LibraryPageSize { get; set; } = 20;
}
