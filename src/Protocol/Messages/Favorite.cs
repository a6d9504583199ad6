using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Star one's own stored image: shares it into the session stream (once). Wire: [12, commandId, imageId].</summary>
public sealed record Favorite(string CommandId, string ImageId) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.Favorite;
}
