using ActorStudio.Actors.Runtime;

namespace ActorStudio.Actors.Generation.Messages;

/// <summary>A GenerationActor's variant got its provider slots and is calling the provider.</summary>
public sealed record VariantRunning(string GenerationId, int Index, string ImageId);

/// <summary>Progress of a running variant (0..100); sent to the owner, not journaled.</summary>
public sealed record VariantPercent(string GenerationId, int Index, string ImageId, int Percent);

/// <summary>
/// A variant's original and thumbnail are stored. <see cref="ProviderReturnedAt"/> is the
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp when the provider handed over the bytes (pipeline overhead).
/// </summary>
public sealed record VariantSucceeded(
    string GenerationId,
    int Index,
    string ImageId,
    int Width,
    int Height,
    long Bytes,
    string OriginalKey,
    string OriginalContentType,
    string ThumbnailKey,
    string ThumbnailContentType,
    long ThumbnailBytes,
    string Model,
    long ProviderReturnedAt);

/// <summary>A variant failed; Reason is one of VariantFailureReasons.</summary>
public sealed record VariantFailure(string GenerationId, int Index, string ImageId, string Reason, bool Retryable, TimeSpan? RetryAfter, string Message);

/// <summary>A GenerationActor finished (or was stopped); anything it left unfinished is failed as interrupted.</summary>
public sealed record GenerationActorStopped(string GenerationId, IActorRef Actor);
