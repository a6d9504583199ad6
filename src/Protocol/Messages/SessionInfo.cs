namespace ActorStudio.Protocol.Messages;

/// <summary>The session's identity. Wire: [sessionId, title, hostParticipantId, createdAt].</summary>
public sealed record SessionInfo(string SessionId, string Title, string? HostParticipantId, DateTimeOffset CreatedAt);
