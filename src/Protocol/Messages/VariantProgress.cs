using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>One variant changed state (to its owner only). Wire: [75, seq, generationId, variantIndex, status, percent, imageId|nil, width, height, bytes, failureReason|nil, retryable]. ImageId/Width/Height/Bytes are set when Stored (0 otherwise); FailureReason and Retryable when Failed.</summary>
public sealed record VariantProgress(long Seq, string GenerationId, int VariantIndex, VariantStatus Status, int Percent, string? ImageId, int Width, int Height, long Bytes, string? FailureReason, bool Retryable) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.VariantProgress;
}
