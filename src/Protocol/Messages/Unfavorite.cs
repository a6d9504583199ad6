using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Unstar: removes one's own image from the shared stream. Wire: [13, commandId, imageId].</summary>
public sealed record Unfavorite(string CommandId, string ImageId) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.Unfavorite;
}
