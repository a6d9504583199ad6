using ActorStudio.Actors.Ports;

namespace ActorStudio.Actors.Generation.Messages;

/// <summary>What a GenerationActor makes: one generation's parameters (the same for every variant and retry).</summary>
public sealed record GenerationJob(
    string SessionId,
    string GenerationId,
    string OwnerId,
    string Prompt,
    AspectRatio Aspect,
    long Seed,
    string? SourceKey,
    string? SourceContentType);
