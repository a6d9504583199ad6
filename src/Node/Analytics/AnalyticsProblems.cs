using System.Globalization;

namespace ActorStudio.Node.Analytics;

/// <summary>Problem details of the analytics endpoints, each with a stable <c>code</c>.</summary>
internal static class AnalyticsProblems
{
    public const string BeaconTooLarge = Hosting.HttpProblemCodes.PayloadTooLarge;
    public const string BeaconRateLimited = "rate_limited";
    public const string InvalidBeacon = "invalid_beacon";
    public const string UnknownBeaconEvent = "unknown_beacon_event";
    public const string DashboardNotConfigured = "dashboard_not_configured";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";

    public static IResult Problem(int status, string code, string title, string? detail = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult RateLimited(TimeSpan retryAfter) => new WithRetryAfter(
        Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many beacons from this address.",
            extensions: new Dictionary<string, object?> { ["code"] = BeaconRateLimited, ["retryAfter"] = Math.Ceiling(retryAfter.TotalSeconds) }),
        retryAfter);

    private sealed class WithRetryAfter(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
