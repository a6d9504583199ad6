namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>
/// Asks for the code hashes so the HTTP layer can check a join code off the actor's thread (PBKDF2 is slow on
/// purpose). Replies <see cref="SessionAccess"/> or <see cref="SessionNotFound"/>.
/// </summary>
public sealed record GetSessionAccess
{
    public static GetSessionAccess Instance { get; } = new();
}

public sealed record SessionAccess(string SessionId, string Title, string HostCodeHash, string CollaboratorCodeHash, string ViewerCodeHash);
