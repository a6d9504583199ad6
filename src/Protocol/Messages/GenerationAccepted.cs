using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>A generation request was accepted (to its owner only). Wire: [74, seq, commandId, generationId, prompt, aspectRatio, width, height, seed, sourceImageId|nil, variantCount, createdAt].</summary>
public sealed record GenerationAccepted(long Seq, string CommandId, string GenerationId, string Prompt, string AspectRatio, int Width, int Height, long Seed, string? SourceImageId, int VariantCount, DateTimeOffset CreatedAt) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.GenerationAccepted;
}
