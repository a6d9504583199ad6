namespace ActorStudio.Actors.Generation.State;

/// <summary>An item of the shared stream.</summary>
public sealed class StreamEntry(string itemId, string imageId, string ownerId, DateTimeOffset sharedAt)
{
    public string ItemId { get; } = itemId;

    public string ImageId { get; } = imageId;

    public string OwnerId { get; } = ownerId;

    public DateTimeOffset SharedAt { get; } = sharedAt;

    public bool Removed { get; set; }
}
