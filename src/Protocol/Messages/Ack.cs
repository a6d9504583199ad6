using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The command was accepted and its events are journaled up to Seq. Wire: [66, commandId, seq].</summary>
public sealed record Ack(string CommandId, long Seq) : ServerMessage
{
    public override MessageType Type => MessageType.Ack;
}
