namespace ActorStudio.Actors.Ports;

public enum MediaRole
{
    Host,
    Collaborator,
    Viewer,
}

/// <summary>What a browser needs to join the session's media room (null when live video is not configured).</summary>
public sealed record MediaJoinInfo(string Url, string Room, string Token);

/// <summary>
/// One recording as the media server reports it. <paramref name="Location"/> is the object key in the recordings
/// bucket (<c>recordings/{sessionId}/{date}/{time}.mp4</c>), ready to presign. <paramref name="Status"/> is the server's own status name
/// (for LiveKit: <c>EGRESS_STARTING</c> … <c>EGRESS_LIMIT_REACHED</c>); <see cref="Media.RecordingStatus"/> parses it.
/// </summary>
public sealed record RecordingInfo(string EgressId, string Status, string? Location, string? Error);

/// <summary>The session's A/V room (LiveKit in production; absent by default).</summary>
public interface IMediaRoom
{
    bool IsConfigured { get; }

    /// <summary>Recordings can be started (live video and a recording bucket are configured).</summary>
    bool IsRecordingConfigured { get; }

    /// <summary>
    /// A join ticket whose grants follow the role (only the host may publish). Null when live video is not configured.
    /// <paramref name="allowScreenShare"/> adds screen sharing to the host's publish sources; ignored for other roles.
    /// </summary>
    MediaJoinInfo? CreateJoin(string sessionId, string participantId, string displayName, MediaRole role, bool allowScreenShare = false);

    Task EnsureRoomAsync(string sessionId, int maxParticipants, CancellationToken cancellationToken);

    Task RemoveParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken);

    Task DeleteRoomAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Starts recording the session's room. Throws <see cref="MediaNotConfiguredException"/> when recording is not
    /// configured. <see cref="RecordingInfo.Location"/> is the object key the file is written under.
    /// </summary>
    Task<RecordingInfo> StartRecordingAsync(string sessionId, CancellationToken cancellationToken);

    Task<RecordingInfo> StopRecordingAsync(string egressId, CancellationToken cancellationToken);

    /// <summary>The session's recordings as the media server knows them (to reconcile after missed webhooks).</summary>
    Task<IReadOnlyList<RecordingInfo>> ListRecordingsAsync(string sessionId, bool activeOnly, CancellationToken cancellationToken);
}
