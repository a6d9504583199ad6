using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. An item left the shared stream: unshared by its owner or removed by the host.</summary>
public sealed record ImageUnshared(string ItemId, string ByParticipantId, bool ByHost, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
