using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Host only: mute or unmute chat for viewers. Wire: [21, commandId, muted].</summary>
public sealed record MuteViewersChat(string CommandId, bool Muted) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.MuteViewersChat;
}
