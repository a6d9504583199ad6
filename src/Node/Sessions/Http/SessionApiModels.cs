namespace ActorStudio.Node.Sessions.Http;

/// <summary>POST /api/sessions body.</summary>
public sealed record CreateSessionRequest(string? Title);

public sealed record RoleCodes(string Host, string Collaborator, string Viewer);

public sealed record CreateSessionResponse(string SessionId, string Title, string InviteUrl, RoleCodes Codes);

/// <summary>POST /api/sessions/{id}/join body.</summary>
/// <param name="ScreenShare">A host asking for a LiveKit token that may also publish a screen share.</param>
public sealed record JoinSessionRequest(string? Code, string? DisplayName, bool? ScreenShare = null);

public sealed record LiveKitJoin(string Url, string Room, string Token);

public sealed record JoinSessionResponse(
    string SessionId,
    string ParticipantId,
    string Role,
    string DisplayName,
    string Token,
    DateTimeOffset ExpiresAt,
    string WsUrl,
    LiveKitJoin? Livekit,
    bool Rejoined);

/// <summary>POST /api/sessions/{id}/chat body; <c>commandId</c> (or the Idempotency-Key header) makes retries safe.</summary>
public sealed record PostChatRequest(string? Text, string? CommandId);

public sealed record PostChatResponse(string CommandId, long Seq);

public sealed record ParticipantView(string ParticipantId, string DisplayName, string Role, string Presence);

public sealed record ChatMessageView(long Seq, string MessageId, string? ParticipantId, string DisplayName, string Role, string Kind, string Text, DateTimeOffset SentAt);

public sealed record SessionSettingsView(int MaxChatChars, int MaxDisplayNameChars, int ChatBurst, double ChatPerSecond, bool LiveVideo);

public sealed record SessionViewResponse(
    string SessionId,
    string Title,
    string? HostParticipantId,
    DateTimeOffset CreatedAt,
    long Seq,
    ParticipantView Me,
    IReadOnlyList<ParticipantView> Participants,
    IReadOnlyList<ChatMessageView> Chat,
    bool ViewersChatMuted,
    string Recording,
    SessionSettingsView Settings);
