namespace ActorStudio.Protocol.Messages;

/// <summary>Why an item left the shared stream.</summary>
public enum StreamRemovalReason
{
    /// <summary>The owner unshared (unfavorited) the image.</summary>
    UnsharedByOwner = 1,

    /// <summary>The host removed the item.</summary>
    RemovedByHost = 2,
}
