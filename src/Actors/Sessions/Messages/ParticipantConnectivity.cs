namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>Raised inside the session when a participant's first socket attaches (features observe it through the registry).</summary>
public sealed record ParticipantConnected(string ParticipantId, string ConnectionId);

/// <summary>Raised inside the session when a socket of a participant detaches; <see cref="RemainingConnections"/> is what is left.</summary>
public sealed record ParticipantDisconnected(string ParticipantId, string ConnectionId, int RemainingConnections);
