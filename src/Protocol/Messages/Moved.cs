using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The session is owned by another node; reconnect there. Wire: [69, sessionId, wsUrl]. Followed by close code 4010.</summary>
public sealed record Moved(string SessionId, string WebSocketUrl) : ServerMessage
{
    public override MessageType Type => MessageType.Moved;
}
