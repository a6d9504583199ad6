using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Host only: remove a chat message or a stream item for everyone, or a participant from the session. Wire: [20, commandId, target, targetId].</summary>
public sealed record RemoveContent(string CommandId, ModerationTarget Target, string TargetId) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.RemoveContent;
}
