namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>Creates the session (HTTP). Replies <see cref="SessionCreatedReply"/>, or <see cref="SessionRefused"/> if the id is taken.</summary>
public sealed record CreateSession(string SessionId, string Title, string HostCodeHash, string CollaboratorCodeHash, string ViewerCodeHash);

public sealed record SessionCreatedReply(string SessionId, DateTimeOffset CreatedAt);
