using ActorStudio.Actors.Ports;

namespace ActorStudio.Actors.Sessions.LiveVideo;

/// <summary>
/// A verified LiveKit webhook for this session (from the node's webhook endpoint). Replies
/// <see cref="MediaWebhookOutcome"/> once journaled (or at once for a duplicate), or SessionNotFound.
/// </summary>
public sealed record MediaWebhookReceived(
    string WebhookId,
    string Kind,
    string? ParticipantId,
    string? TrackSid,
    string? TrackSource,
    string? EgressId,
    string? EgressStatus,
    string? Location,
    string? Error,
    DateTimeOffset? OccurredAt);

/// <param name="Duplicate">The webhook id was journaled before: nothing was recorded this time.</param>
/// <param name="Seq">The sequence number of the recorded event (or of the session's last event for a duplicate).</param>
public sealed record MediaWebhookOutcome(bool Duplicate, long Seq);

/// <summary>Asks what the live video looks like for one participant; replies <see cref="LiveVideoView"/> or SessionRefused.</summary>
public sealed record GetLiveVideoView(string ParticipantId);

/// <param name="Files">Finished recordings; only filled for the host.</param>
public sealed record LiveVideoView(
    bool Configured,
    bool RecordingConfigured,
    string RecordingPhase,
    DateTimeOffset? RecordingStartedAt,
    string? RecordingError,
    string HostParticipantId,
    bool HostInRoom,
    IReadOnlyList<string> HostTrackSources,
    int ParticipantsInRoom,
    long WebhookEvents,
    IReadOnlyList<RecordingFile> Files);

/// <summary>Raised (turn.Raise) by a host removing someone: they are removed from the media room too (best effort).</summary>
public sealed record RemoveFromMediaRoom(string ParticipantId);

/// <summary>Raised (turn.Raise) when the host ends the session: the media room is deleted (best effort).</summary>
public sealed record DeleteMediaRoom;

/// <summary>Sent by the session to itself once a start/stop is journaled: only then is the media server called.</summary>
internal sealed record RecordingCallDue(bool Start, string? EgressId);

/// <summary>The outcome of a media-server call, piped back into the session's mailbox.</summary>
internal sealed record RecordingCallFinished(bool Start, string? EgressId, RecordingInfo? Info, string? Error);

/// <summary>
/// Timer: the recording is starting or stopping and no webhook has settled it yet; ask the media server for the
/// egress's status (webhooks can be lost or not configured).
/// </summary>
internal sealed record RecordingReconcileDue
{
    public static readonly RecordingReconcileDue Instance = new();
}

/// <summary>What the media server listed for the session's recordings, piped back into the mailbox.</summary>
internal sealed record RecordingReconciled(IReadOnlyList<RecordingInfo>? Recordings, string? Error);
