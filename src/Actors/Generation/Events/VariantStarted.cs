using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. A variant got its provider slot (node and session limits) and is running.</summary>
public sealed record VariantStarted(string GenerationId, int VariantIndex, string ImageId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    public string? ByParticipantId => null;

    public string? CommandId => null;
}
