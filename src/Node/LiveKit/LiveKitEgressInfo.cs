using System.Text.Json.Serialization;

namespace ActorStudio.Node.LiveKit;

/// <summary>LiveKit's EgressInfo (fields this server uses). Times are Unix nanoseconds.</summary>
public sealed record LiveKitEgressInfo
{
    public string EgressId { get; init; } = string.Empty;

    public string RoomId { get; init; } = string.Empty;

    public string RoomName { get; init; } = string.Empty;

    /// <summary><c>EGRESS_STARTING</c> … <c>EGRESS_LIMIT_REACHED</c>; parse with <see cref="Actors.Media.RecordingStatus"/>.</summary>
    [JsonConverter(typeof(EgressStatusJsonConverter))]
    public string Status { get; init; } = "EGRESS_STARTING";

    public long StartedAt { get; init; }

    public long EndedAt { get; init; }

    public long UpdatedAt { get; init; }

    public string Error { get; init; } = string.Empty;

    public int ErrorCode { get; init; }

    public IReadOnlyList<LiveKitFileResult> FileResults { get; init; } = [];
}
