namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Schema v1. The host ended the session: every socket closes with "session ended" and joins are refused.</summary>
public sealed record SessionEnded(string ByParticipantId, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
