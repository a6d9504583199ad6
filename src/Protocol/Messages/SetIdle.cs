using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The client reports the user idle (tab hidden, no input) or back (ephemeral, no ack). Wire: [5, isIdle].</summary>
public sealed record SetIdle(bool IsIdle) : ClientCommand
{
    public override MessageType Type => MessageType.SetIdle;
}
