namespace ActorStudio.Protocol;

/// <summary>
/// WebSocket close codes (application range 4000-4999) the server uses, with the reconnect advice documented in
/// docs/protocol.md. A client reconnects after any code except the ones marked "do not reconnect".
/// </summary>
public static class CloseCodes
{
    /// <summary>The token is missing, malformed or invalid. Do not reconnect with the same token.</summary>
    public const int AuthFailed = 4001;

    /// <summary>The token has expired. Rejoin over HTTP for a new token, then reconnect.</summary>
    public const int TokenExpired = 4002;

    /// <summary>The client's protocol version is not supported. Do not reconnect.</summary>
    public const int UnsupportedVersion = 4003;

    /// <summary>The client broke the protocol (bad frames, no Hello, flooding). Reconnect with back-off.</summary>
    public const int ProtocolError = 4004;

    /// <summary>The first frame did not arrive in time.</summary>
    public const int HandshakeTimeout = 4005;

    /// <summary>The session lives on another node; the preceding Moved frame (or the close reason) names its URL.</summary>
    public const int Moved = 4010;

    /// <summary>The connection could not keep up with the session's events. Reconnect and resume.</summary>
    public const int SlowConsumer = 4011;

    /// <summary>The participant has too many open connections; the oldest one is closed.</summary>
    public const int TooManyConnections = 4012;

    /// <summary>The host removed this participant from the session. Do not reconnect.</summary>
    public const int Kicked = 4020;

    /// <summary>The session has ended. Do not reconnect.</summary>
    public const int SessionEnded = 4021;

    /// <summary>The node is shutting down and has handed the session off. Reconnect (with jitter) and resume.</summary>
    public const int ServerShuttingDown = 4030;

    /// <summary>An unexpected server failure. Reconnect with back-off and resume.</summary>
    public const int InternalError = 4040;

    /// <summary>True when a client should try again (after back-off) instead of giving up.</summary>
    public static bool ShouldReconnect(int closeCode) =>
        closeCode is not (AuthFailed or UnsupportedVersion or Kicked or SessionEnded);
}
