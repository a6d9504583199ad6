using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>A frame a client sends to the server.</summary>
public abstract record ClientCommand
{
    public abstract MessageType Type { get; }
}
