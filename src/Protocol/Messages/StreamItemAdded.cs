using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>An image was shared into the stream. Wire: [77, seq, item].</summary>
public sealed record StreamItemAdded(long Seq, StreamItem Item) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.StreamItemAdded;
}
