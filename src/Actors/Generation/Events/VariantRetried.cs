using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. The owner retried one failed variant; it is queued again under a new image id.</summary>
public sealed record VariantRetried(string GenerationId, int VariantIndex, string ImageId, string ByParticipantId, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
