using ActorStudio.Protocol;

namespace ActorStudio.Node.Hosting;

/// <summary>
/// Stable <c>code</c> values of problems that only HTTP has (bodies, readiness, shutdown). Every code the socket
/// shares with HTTP (forbidden, not_found, rate_limited, ...) is one of the protocol's <c>ErrorCodes</c>: one name each.
/// </summary>
public static class HttpProblemCodes
{
    public const string InternalError = "internal_error";
    public const string BadRequest = "bad_request";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string NotReady = "not_ready";
    public const string ShuttingDown = "shutting_down";

    /// <summary>The default code for a status when the endpoint did not choose one.</summary>
    public static string ForStatus(int statusCode) => statusCode switch
    {
        400 => BadRequest,
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => MethodNotAllowed,
        409 => ErrorCodes.Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.Unavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };
}
