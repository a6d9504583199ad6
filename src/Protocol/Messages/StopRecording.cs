using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Host only: stop recording. Wire: [23, commandId].</summary>
public sealed record StopRecording(string CommandId) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.StopRecording;
}
