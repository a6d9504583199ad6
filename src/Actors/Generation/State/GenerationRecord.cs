namespace ActorStudio.Actors.Generation.State;

/// <summary>One generation request with its variants; <see cref="ParentGenerationId"/> makes each library a tree.</summary>
public sealed class GenerationRecord(string generationId, string ownerId, string prompt, string aspectRatio, int width, int height, long seed, string? sourceImageId, string? parentGenerationId, DateTimeOffset createdAt, VariantRecord[] variants)
{
    public string GenerationId { get; } = generationId;

    public string OwnerId { get; } = ownerId;

    public string Prompt { get; } = prompt;

    public string AspectRatio { get; } = aspectRatio;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public long Seed { get; } = seed;

    public string? SourceImageId { get; } = sourceImageId;

    public string? ParentGenerationId { get; } = parentGenerationId;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public VariantRecord[] Variants { get; } = variants;

    public bool IsComplete
    {
        get
        {
            foreach (var v in Variants)
            {
                if (!v.IsTerminal)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
