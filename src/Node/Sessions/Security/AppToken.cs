using ActorStudio.Actors.Sessions;

namespace ActorStudio.Node.Sessions.Security;

/// <summary>What a valid app token says: who the bearer is in which session, until when.</summary>
public sealed record AppToken(string SessionId, string ParticipantId, ParticipantRole Role, DateTimeOffset ExpiresAt);
