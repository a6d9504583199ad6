namespace ActorStudio.Node.Sessions.LiveVideo;

/// <summary>POST /api/sessions/{id}/recording body: <c>action</c> is <c>start</c> or <c>stop</c>.</summary>
public sealed record RecordingRequest(string? Action, string? CommandId);

/// <summary>The command was journaled; the final state arrives as RecordingStatus frames (and in GET …/media).</summary>
public sealed record RecordingResponse(string CommandId, long Seq, string Recording);

public sealed record RecordingFileView(string EgressId, string Key, DateTimeOffset? StartedAt, DateTimeOffset EndedAt, string? Url, string Where, string? Note);

/// <summary>GET /api/sessions/{id}/media: the live-video state for the caller; recordings only for the host.</summary>
public sealed record LiveVideoResponse(
    bool Configured,
    bool RecordingConfigured,
    string Recording,
    DateTimeOffset? RecordingStartedAt,
    string? RecordingError,
    string HostParticipantId,
    bool HostInRoom,
    IReadOnlyList<string> HostTrackSources,
    int ParticipantsInRoom,
    long WebhookEvents,
    IReadOnlyList<RecordingFileView>? Recordings);
