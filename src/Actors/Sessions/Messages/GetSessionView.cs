using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>The snapshot one participant's page needs (HTTP GET). Replies <see cref="SessionView"/>, <see cref="SessionRefused"/> or <see cref="SessionNotFound"/>.</summary>
public sealed record GetSessionView(string ParticipantId);

public sealed record SessionView(long Seq, ParticipantInfo Me, SessionSnapshot Snapshot);
