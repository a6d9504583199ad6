using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. A variant's original and thumbnail are in the blob store (journaled only after both writes succeeded).</summary>
public sealed record VariantStored(string GenerationId, int VariantIndex, string ImageId, int Width, int Height, long Bytes, string OriginalKey, string OriginalContentType, string ThumbnailKey, string ThumbnailContentType, long ThumbnailBytes, string Model, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    public string? ByParticipantId => null;

    public string? CommandId => null;
}
