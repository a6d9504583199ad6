namespace ActorStudio.Node.Storage;

/// <summary>Settings of the embedded file store, bound from <c>Studio:Storage:Local</c>.</summary>
public sealed class LocalBlobStoreOptions
{
    public const string SectionName = "Studio:Storage:Local";

    /// <summary>Directory holding the blobs; defaults to <c>{Studio:DataDir}/blobs</c> (DataDir defaults to ./data).</summary>
    public string? Root { get; set; }
}
