namespace ActorStudio.Actors.Ports;

public enum MediaRole
{
    Host,
    Collaborator,
    Viewer,
}

/// <summary>What a browser needs to join the session's media room (null when live video is not configured).</summary>
public sealed record MediaJoinInfo(string Url, string Room, string Token);

public sealed record RecordingInfo(string EgressId, string Status, string? Location, string? Error);

/// <summary>The session's A/V room (LiveKit in production; absent by default).</summary>
public interface IMediaRoom
{
    bool IsConfigured { get; }

    MediaJoinInfo? CreateJoin(string sessionId, string participantId, string displayName, MediaRole role);

    Task EnsureRoomAsync(string sessionId, int maxParticipants, CancellationToken cancellationToken);

    Task RemoveParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken);

    Task DeleteRoomAsync(string sessionId, CancellationToken cancellationToken);

    Task<RecordingInfo> StartRecordingAsync(string sessionId, CancellationToken cancellationToken);

    Task<RecordingInfo> StopRecordingAsync(string egressId, CancellationToken cancellationToken);
}
