using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Typing indicator on/off (ephemeral, coalesced, no ack). Wire: [4, isTyping].</summary>
public sealed record SetTyping(bool IsTyping) : ClientCommand
{
    public override MessageType Type => MessageType.SetTyping;
}
