using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The first frame on every socket: authenticates and starts or resumes. Wire: [1, protocolVersion, token, lastSeenSeq|nil]. A null LastSeenSeq asks for a fresh snapshot.</summary>
public sealed record Hello(int ProtocolVersion, string Token, long? LastSeenSeq) : ClientCommand
{
    public override MessageType Type => MessageType.Hello;
}
