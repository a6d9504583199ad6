using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Host only: start recording the live video. Wire: [22, commandId].</summary>
public sealed record StartRecording(string CommandId) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.StartRecording;
}
