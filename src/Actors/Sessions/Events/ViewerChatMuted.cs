namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Schema v1. The host muted (or unmuted) viewers' chat.</summary>
public sealed record ViewerChatMuted(bool Muted, string ByParticipantId, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
