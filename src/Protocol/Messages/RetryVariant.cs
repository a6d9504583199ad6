using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Retry one failed variant of one's own generation. Wire: [11, commandId, generationId, variantIndex 0-3].</summary>
public sealed record RetryVariant(string CommandId, string GenerationId, int VariantIndex) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.RetryVariant;
}
