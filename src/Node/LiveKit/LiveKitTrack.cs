using System.Text.Json.Serialization;

namespace ActorStudio.Node.LiveKit;

/// <summary>LiveKit's TrackInfo (fields this server uses).</summary>
public sealed record LiveKitTrack
{
    public string Sid { get; init; } = string.Empty;

    /// <summary><c>AUDIO</c>, <c>VIDEO</c>, <c>DATA</c>.</summary>
    [JsonConverter(typeof(ProtoEnumJsonConverter))]
    public string? Type { get; init; }

    public string Name { get; init; } = string.Empty;

    public bool Muted { get; init; }

    /// <summary><c>CAMERA</c>, <c>MICROPHONE</c>, <c>SCREEN_SHARE</c>, <c>SCREEN_SHARE_AUDIO</c>.</summary>
    [JsonConverter(typeof(ProtoEnumJsonConverter))]
    public string? Source { get; init; }
}
