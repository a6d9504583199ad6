using ActorStudio.Actors.Sessions.Events;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Schema v1. A participant uploaded an input image for iterate (validated, metadata stripped, stored).</summary>
public sealed record ImageUploaded(string ImageId, string ByParticipantId, string Key, string ContentType, int Width, int Height, long Bytes, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ByParticipantId;

    public string? CommandId => null;
}
