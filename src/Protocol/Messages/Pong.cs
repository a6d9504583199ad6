using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The answer to Ping. Wire: [65, clientTimeMs, serverTime].</summary>
public sealed record Pong(long ClientTimeMs, DateTimeOffset ServerTime) : ServerMessage
{
    public override MessageType Type => MessageType.Pong;
}
