using System.Text.Json.Serialization;

namespace ActorStudio.Node.LiveKit;

/// <summary>LiveKit's ParticipantInfo (fields this server uses). Identity is the studio participant id.</summary>
public sealed record LiveKitParticipant
{
    public string Sid { get; init; } = string.Empty;

    public string Identity { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary><c>JOINING</c>, <c>JOINED</c>, <c>ACTIVE</c>, <c>DISCONNECTED</c>.</summary>
    [JsonConverter(typeof(ProtoEnumJsonConverter))]
    public string? State { get; init; }

    public long JoinedAt { get; init; }

    public string Metadata { get; init; } = string.Empty;

    public bool IsPublisher { get; init; }

    public IReadOnlyList<LiveKitTrack> Tracks { get; init; } = [];
}
