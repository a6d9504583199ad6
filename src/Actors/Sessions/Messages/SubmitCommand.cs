using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>
/// A client command that came over HTTP (e.g. POST chat), handled exactly like the socket's. Replies
/// <see cref="CommandResult"/> once the command's events are journaled (or refused).
/// </summary>
public sealed record SubmitCommand(string ParticipantId, ClientRequest Command);

/// <summary>Either an Ack (accepted, journaled up to Seq) or an Error.</summary>
public sealed record CommandResult(Ack? Ack, Error? Error);
