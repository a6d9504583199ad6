namespace ActorStudio.Protocol.Messages;

/// <summary>An image in the session's shared stream. Wire: [itemId, imageId, ownerId, ownerName, prompt, width, height, sharedAt].</summary>
public sealed record StreamItem(
    string ItemId,
    string ImageId,
    string OwnerId,
    string OwnerName,
    string Prompt,
    int Width,
    int Height,
    DateTimeOffset SharedAt);
