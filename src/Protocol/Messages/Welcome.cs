using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The answer to Hello. Wire: [64, seq, protocolVersion, me, resumed, snapshot|nil, heartbeatIntervalMs]. Resumed = true: Snapshot is nil and the events after the client's lastSeenSeq follow. Resumed = false: Snapshot is the state as of Seq; the client replaces whatever it had.</summary>
public sealed record Welcome(long Seq, int ProtocolVersion, ParticipantInfo Me, bool Resumed, SessionSnapshot? Snapshot, int HeartbeatIntervalMs) : ServerMessage
{
    public override MessageType Type => MessageType.Welcome;
}
