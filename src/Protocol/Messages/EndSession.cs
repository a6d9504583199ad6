using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Host only: end the session for everyone (sockets close with 4021, joins are refused). Wire: [24, commandId].</summary>
public sealed record EndSession(string CommandId) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.EndSession;
}
