using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. A participant asked for four images; the image ids are chosen here, BEFORE anything is stored, so every blob's id is in the journal first.</summary>
public sealed record GenerationRequested(string GenerationId, string ByParticipantId, string Prompt, string AspectRatio, int Width, int Height, long Seed, string? SourceImageId, string? ParentGenerationId, IReadOnlyList<string> ImageIds, string? CommandId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;
}
