using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Ask for four images. Wire: [10, commandId, prompt, aspectRatio, seed|nil, sourceImageId|nil]; aspectRatio is a name such as "1:1" or "16:9".</summary>
public sealed record Generate(string CommandId, string Prompt, string AspectRatio, long? Seed, string? SourceImageId) : ClientRequest(CommandId)
{
    public override MessageType Type => MessageType.Generate;
}
