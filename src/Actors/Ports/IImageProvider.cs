namespace ActorStudio.Actors.Ports;

/// <summary>One image request: one variant of a generation. Four variants are four calls.</summary>
public sealed record ImageRequest(
    string Prompt,
    AspectRatio Aspect,
    long? Seed,
    int Variant,
    ReadOnlyMemory<byte>? SourceImage,
    string? SourceContentType);

/// <summary>What a provider gives back: encoded bytes (PNG or JPEG) and their size.</summary>
public sealed record ProvidedImage(ReadOnlyMemory<byte> Bytes, string ContentType, int Width, int Height, string Model);

/// <summary>Why a variant failed. The wire carries the lower-case name.</summary>
public enum ImageFailureReason
{
    Safety,
    RateLimited,
    ProviderError,
    Timeout,
    InvalidInput,
}

/// <summary>Thrown by providers for every failure the user should see as a per-variant badge.</summary>
public sealed class ImageProviderException(ImageFailureReason reason, bool retryable, string message, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public ImageFailureReason Reason { get; } = reason;
    public bool Retryable { get; } = retryable;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Makes pictures: the local generator by default, Gemini on Vertex AI in production.</summary>
public interface IImageProvider
{
    string Name { get; }

    /// <param name="progress">Optional 0..100 progress while the call runs (the local generator reports it; remote calls cannot).</param>
    Task<ProvidedImage> GenerateAsync(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken);
}
