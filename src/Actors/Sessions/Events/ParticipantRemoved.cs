namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Schema v1. The host removed a participant: their sockets close with "kicked" and their token stops working here.</summary>
public sealed record ParticipantRemoved(string ParticipantId, string ByParticipantId, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
