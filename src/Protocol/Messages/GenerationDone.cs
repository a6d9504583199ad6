using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Every variant has reached Stored or Failed (to its owner only). Wire: [76, seq, generationId, storedCount, failedCount].</summary>
public sealed record GenerationDone(long Seq, string GenerationId, int StoredCount, int FailedCount) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.GenerationDone;
}
