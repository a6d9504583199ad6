using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Sessions.LiveVideo;

/// <summary>
/// Schema v1. A LiveKit webhook about the session's room (participant joined/left, track published/unpublished,
/// room finished, egress started/updated/ended). <see cref="WebhookId"/> is LiveKit's event id: once journaled, the
/// same id is never recorded again (LiveKit retries; several nodes may receive it).
/// </summary>
public sealed record MediaRoomEventRecorded(
    string WebhookId,
    string Kind,
    string? ParticipantId,
    string? TrackSid,
    string? TrackSource,
    string? EgressId,
    string? EgressStatus,
    DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => null;

    string? ISessionEvent.CommandId => null;
}
