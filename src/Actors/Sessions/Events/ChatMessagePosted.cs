namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Schema v1. A chat line; <see cref="ByParticipantId"/> null marks a system message.</summary>
public sealed record ChatMessagePosted(string MessageId, string? ByParticipantId, string Text, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    public bool IsSystem => ByParticipantId is null;
}
