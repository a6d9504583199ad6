using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// Live video switched off (no LiveKit settings): joins carry <c>livekit: null</c>, room housekeeping does nothing,
/// and recording is refused with a clear reason.
/// </summary>
public sealed class DisabledMediaRoom : IMediaRoom
{
    public bool IsConfigured => false;

    public bool IsRecordingConfigured => false;

    public MediaJoinInfo? CreateJoin(string sessionId, string participantId, string displayName, MediaRole role, bool allowScreenShare = false) => null;

    public Task EnsureRoomAsync(string sessionId, int maxParticipants, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteRoomAsync(string sessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<RecordingInfo> StartRecordingAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromException<RecordingInfo>(new MediaNotConfiguredException("Live video is not configured, so nothing can be recorded."));

    public Task<RecordingInfo> StopRecordingAsync(string egressId, CancellationToken cancellationToken) =>
        Task.FromException<RecordingInfo>(new MediaNotConfiguredException("Live video is not configured, so nothing is recording."));

    public Task<IReadOnlyList<RecordingInfo>> ListRecordingsAsync(string sessionId, bool activeOnly, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RecordingInfo>>([]);
}
