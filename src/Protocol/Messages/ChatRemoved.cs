using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The host removed a chat message. Wire: [71, seq, messageId, removedByParticipantId].</summary>
public sealed record ChatRemoved(long Seq, string MessageId, string RemovedBy) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.ChatRemoved;
}
