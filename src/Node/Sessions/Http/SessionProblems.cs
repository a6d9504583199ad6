using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Sessions.Http;

/// <summary>Problem details with the stable <c>code</c> (the protocol's error codes) and the right HTTP status.</summary>
internal static class SessionProblems
{
    public static IResult Problem(int status, string code, string title, string? detail = null, TimeSpan? retryAfter = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (retryAfter is { } wait)
        {
            extensions["retryAfter"] = Math.Ceiling(wait.TotalSeconds);
        }

        var problem = Results.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
        return retryAfter is { } delay ? new WithRetryAfter(problem, delay) : problem;
    }

    public static IResult NotFound() => Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such session.");

    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A valid session token is required.", detail);

    public static IResult TokenExpired() => Problem(StatusCodes.Status401Unauthorized, ErrorCodes.TokenExpired, "The session token has expired; join again.");

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidInput, "The request is not valid.", detail);

    public static IResult Unavailable() => Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The session is not available right now; retry shortly.", retryAfter: TimeSpan.FromSeconds(1));

    public static IResult From(SessionRefused refused) => Problem(StatusFor(refused.Code), refused.Code, refused.Message, retryAfter: refused.RetryAfter);

    public static IResult From(Error error) =>
        Problem(StatusFor(error.Code), error.Code, error.Message, retryAfter: error.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.Forbidden or ErrorCodes.ChatMuted => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.InvalidInput or ErrorCodes.BadFrame => StatusCodes.Status400BadRequest,
        ErrorCodes.ContentRejected => StatusCodes.Status422UnprocessableEntity,
        ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.SessionFull or ErrorCodes.QuotaExceeded => StatusCodes.Status409Conflict,
        ErrorCodes.Unauthorized or ErrorCodes.TokenExpired => StatusCodes.Status401Unauthorized,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.SessionEnded => StatusCodes.Status410Gone,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Adds <c>Retry-After</c> (whole seconds, rounded up) to a result.</summary>
    private sealed class WithRetryAfter(IResult inner, TimeSpan delay) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
