using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>A frame (or batch entry) the server sends to a client.</summary>
public abstract record ServerMessage
{
    public abstract MessageType Type { get; }
}
