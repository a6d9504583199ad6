namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Schema v1. First join of a participant; rejoins with a token restore the same participant without an event.</summary>
public sealed record ParticipantJoined(string ParticipantId, string DisplayName, ParticipantRole Role, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    public string? ByParticipantId => ParticipantId;

    public string? CommandId => null;
}
