using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Post a chat message. Wire: [3, commandId, text].</summary>
public sealed record PostChat(string CommandId, string Text) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.PostChat;
}
