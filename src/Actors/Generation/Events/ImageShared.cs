using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. The owner starred an image: it joins the shared stream once.</summary>
public sealed record ImageShared(string ItemId, string ImageId, string ByParticipantId, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
