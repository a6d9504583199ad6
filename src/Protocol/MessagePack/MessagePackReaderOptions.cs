namespace ActorStudio.Protocol.MessagePack;

/// <summary>
/// Hard bounds the reader checks before it allocates or walks anything: a hostile frame can make the reader refuse,
/// never make it allocate more than these limits allow.
/// </summary>
public sealed record MessagePackReaderOptions
{
    /// <summary>Limits for frames a server reads from clients.</summary>
    public static MessagePackReaderOptions ClientFrames { get; } = new()
    {
        MaxFrameBytes = ProtocolLimits.MaxClientFrameBytes,
        MaxStringBytes = ProtocolLimits.MaxClientStringBytes,
        MaxCollectionLength = ProtocolLimits.MaxClientCollectionLength,
        MaxDepth = ProtocolLimits.MaxDepth,
    };

    /// <summary>Limits for frames a client reads from the server (snapshots of large rooms).</summary>
    public static MessagePackReaderOptions ServerFrames { get; } = new()
    {
        MaxFrameBytes = ProtocolLimits.MaxServerFrameBytes,
        MaxStringBytes = ProtocolLimits.MaxServerFrameBytes,
        MaxCollectionLength = 1_000_000,
        MaxDepth = ProtocolLimits.MaxDepth,
    };

    /// <summary>Largest whole input, in bytes.</summary>
    public int MaxFrameBytes { get; init; } = ProtocolLimits.MaxClientFrameBytes;

    /// <summary>Largest string, binary or extension payload, in bytes.</summary>
    public int MaxStringBytes { get; init; } = ProtocolLimits.MaxClientStringBytes;

    /// <summary>Most elements of an array, or entries of a map.</summary>
    public int MaxCollectionLength { get; init; } = ProtocolLimits.MaxClientCollectionLength;

    /// <summary>Deepest nesting of arrays and maps (the outermost container is depth 1).</summary>
    public int MaxDepth { get; init; } = ProtocolLimits.MaxDepth;
}
