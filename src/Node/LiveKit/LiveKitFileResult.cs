namespace ActorStudio.Node.LiveKit;

/// <summary>One file an egress wrote (its <see cref="Location"/> is the object URL in the bucket).</summary>
public sealed record LiveKitFileResult
{
    public string Filename { get; init; } = string.Empty;

    public long StartedAt { get; init; }

    public long EndedAt { get; init; }

    public long Duration { get; init; }

    public long Size { get; init; }

    public string Location { get; init; } = string.Empty;
}
