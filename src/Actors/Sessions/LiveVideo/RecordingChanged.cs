using ActorStudio.Actors.Media;
using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Sessions.LiveVideo;

/// <summary>
/// Schema v1. The session recording moved to a new state (the whole state is journaled, so recovery needs no rules).
/// <see cref="ByParticipantId"/>/<see cref="CommandId"/> are the host's command for start/stop; null for outcomes of
/// media-server calls and webhooks. <see cref="WebhookId"/> names the LiveKit webhook that caused it, if any.
/// </summary>
public sealed record RecordingChanged(
    RecordingPhase Phase,
    string? EgressId,
    string? Location,
    string? Error,
    DateTimeOffset? StartedAt,
    string? ByParticipantId,
    string? CommandId,
    string? WebhookId,
    DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;
}
