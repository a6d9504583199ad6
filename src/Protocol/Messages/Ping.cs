using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Keep-alive and round-trip probe. Wire: [2, clientTimeMs].</summary>
public sealed record Ping(long ClientTimeMs) : ClientCommand
{
    public override MessageType Type => MessageType.Ping;
}
