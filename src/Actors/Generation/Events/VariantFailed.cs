using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. A variant failed; Reason is one of VariantFailureReasons.</summary>
public sealed record VariantFailed(string GenerationId, int VariantIndex, string ImageId, string Reason, bool Retryable, long? RetryAfterMs, string Message, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    public string? ByParticipantId => null;

    public string? CommandId => null;
}
