using System.Net;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// A LiveKit server API call failed. <see cref="Code"/> is the Twirp error code (<c>unauthenticated</c>,
/// <c>not_found</c>, <c>internal</c>, …) or, when no Twirp answer came back, <c>timeout</c> / <c>unavailable</c>.
/// </summary>
public sealed class LiveKitApiException : Exception
{
    public LiveKitApiException(
        string method,
        string code,
        string twirpMessage,
        HttpStatusCode? statusCode,
        IReadOnlyDictionary<string, string>? meta = null,
        Exception? innerException = null)
        : base($"LiveKit {method} failed: {code} ({(statusCode is { } s ? (int)s : 0)}): {twirpMessage}", innerException)
    {
        Method = method;
        Code = code;
        TwirpMessage = twirpMessage;
        StatusCode = statusCode;
        Meta = meta ?? new Dictionary<string, string>();
    }

    /// <summary>The Twirp method, e.g. <c>livekit.RoomService/CreateRoom</c>.</summary>
    public string Method { get; }

    public string Code { get; }

    public string TwirpMessage { get; }

    /// <summary>Null when no HTTP answer came back (timeout, connection refused).</summary>
    public HttpStatusCode? StatusCode { get; }

    public IReadOnlyDictionary<string, string> Meta { get; }

    /// <summary>Worth retrying later: the server or the network failed, not the request.</summary>
    public bool IsTransient => Code is "timeout" or "unavailable" or "internal" or "resource_exhausted" or "deadline_exceeded";
}
