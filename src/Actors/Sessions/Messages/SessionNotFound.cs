namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>The reply of any request to a session id that was never created.</summary>
public sealed record SessionNotFound(string SessionId);

/// <summary>The session refused a request: <see cref="Code"/> is one of the protocol's ErrorCodes.</summary>
public sealed record SessionRefused(string Code, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>Any request to a session the host ended.</summary>
    public static SessionRefused Ended { get; } = new(Protocol.ErrorCodes.SessionEnded, "This session has ended.");
}
