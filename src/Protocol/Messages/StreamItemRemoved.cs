using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>An item left the stream. Wire: [78, seq, itemId, removedByParticipantId, reason].</summary>
public sealed record StreamItemRemoved(long Seq, string ItemId, string RemovedBy, StreamRemovalReason Reason) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.StreamItemRemoved;
}
