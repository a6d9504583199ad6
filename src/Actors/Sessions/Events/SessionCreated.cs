namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Schema v1. The code hashes are salted PBKDF2: the codes themselves are never stored.</summary>
public sealed record SessionCreated(
    string SessionId,
    string Title,
    string HostCodeHash,
    string CollaboratorCodeHash,
    string ViewerCodeHash,
    DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    public string? ByParticipantId => null;

    public string? CommandId => null;
}
