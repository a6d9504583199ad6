using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. Every variant of a generation is stored or failed (again after each retry).</summary>
public sealed record GenerationCompleted(string GenerationId, int StoredCount, int FailedCount, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    public string? ByParticipantId => null;

    public string? CommandId => null;
}
