namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Schema v1. The host removed a chat line for everyone.</summary>
public sealed record ChatMessageRemoved(string MessageId, string ByParticipantId, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
