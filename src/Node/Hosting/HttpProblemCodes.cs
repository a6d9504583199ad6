namespace ActorStudio.Node.Hosting;

/// <summary>
/// Stable <c>code</c> values the hosting layer puts into problem details. Feature endpoints set their own codes
/// (the wire protocol's error codes); these cover what reaches the generic handlers.
/// </summary>
public static class HttpProblemCodes
{
    public const string InternalError = "internal_error";
    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string NotReady = "not_ready";
    public const string ShuttingDown = "shutting_down";
    public const string Unavailable = "unavailable";

    /// <summary>The default code for a status when the endpoint did not choose one.</summary>
    public static string ForStatus(int statusCode) => statusCode switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => Unavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };
}
