namespace ActorStudio.Protocol;

/// <summary>
/// Stable error codes carried by Error frames and by HTTP problem details (<c>code</c> member).
/// Clients switch on these strings, so they never change meaning once published.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The frame is not valid MessagePack or does not follow the message's field layout.</summary>
    public const string BadFrame = "bad_frame";

    /// <summary>The frame exceeds the maximum frame size.</summary>
    public const string FrameTooLarge = "frame_too_large";

    /// <summary>The message type code is not known to this server.</summary>
    public const string UnknownMessage = "unknown_message";

    /// <summary>The client's protocol version is not supported.</summary>
    public const string UnsupportedVersion = "unsupported_version";

    /// <summary>The first frame was not a Hello, or a command arrived before the handshake completed.</summary>
    public const string HandshakeRequired = "handshake_required";

    /// <summary>Missing, malformed or invalid token.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The token has expired; rejoin to get a new one.</summary>
    public const string TokenExpired = "token_expired";

    /// <summary>The participant's role does not allow the command.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>Too many requests; the Error frame carries retry-after.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>A field is empty, too long, or otherwise not acceptable.</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>The chat text was refused by the keyword filter.</summary>
    public const string ContentRejected = "content_rejected";

    /// <summary>The host has muted viewers' chat.</summary>
    public const string ChatMuted = "chat_muted";

    /// <summary>The session, participant, image or item does not exist (or is not visible to the caller).</summary>
    public const string NotFound = "not_found";

    /// <summary>The command conflicts with the current state (already recording, already shared...).</summary>
    public const string Conflict = "conflict";

    /// <summary>The session has reached its participant limit.</summary>
    public const string SessionFull = "session_full";

    /// <summary>A per-session or per-participant quota (images, bytes) is used up.</summary>
    public const string QuotaExceeded = "quota_exceeded";

    /// <summary>The session has ended.</summary>
    public const string SessionEnded = "session_ended";

    /// <summary>This node does not own the session; a Moved frame says where to go.</summary>
    public const string Moved = "moved";

    /// <summary>A dependency (journal, storage, provider, LiveKit) is unavailable; retry later.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>An unexpected server failure; the command may be retried with the same command id.</summary>
    public const string Internal = "internal";

    /// <summary>Live video (LiveKit) is not configured on this server: no tokens, no recording.</summary>
    public const string LiveKitNotConfigured = "livekit_not_configured";

    /// <summary>Live video works but no recording bucket is configured.</summary>
    public const string RecordingNotConfigured = "recording_not_configured";
}
