using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Generation.State;

/// <summary>One of a generation's four variants, as the journal left it.</summary>
public sealed class VariantRecord(string imageId)
{
    /// <summary>The image id of the current attempt (a retry gets a new one).</summary>
    public string ImageId { get; set; } = imageId;

    public VariantStatus Status { get; set; } = VariantStatus.Queued;

    public string? FailureReason { get; set; }

    public bool Retryable { get; set; }

    public long? RetryAfterMs { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public long Bytes { get; set; }

    public bool IsTerminal => Status is VariantStatus.Stored or VariantStatus.Failed;
}
