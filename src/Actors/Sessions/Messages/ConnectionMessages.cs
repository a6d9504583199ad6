using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>
/// A socket finished its handshake. The session answers on the connection itself: Welcome (with a snapshot, or
/// resumed followed by exactly the missed events), or a close (removed, unknown participant...).
/// </summary>
public sealed record AttachConnection(SessionConnection Connection, long? LastSeenSeq);

/// <summary>The socket closed (either side).</summary>
public sealed record DetachConnection(SessionConnection Connection);

/// <summary>A decoded command from a socket.</summary>
public sealed record ConnectionCommand(SessionConnection Connection, ClientCommand Command);
