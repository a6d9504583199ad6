using ActorStudio.Actors.Sessions;
using ActorStudio.Node.Hosting;
using ActorStudio.Node.Sessions.Security;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// The dashboard page and its JSON: <c>GET /dashboard</c> (the page; it holds no data),
/// <c>GET /api/analytics</c> and <c>GET /api/analytics/sessions/{id}</c> (operator key),
/// <c>GET /api/sessions/{id}/analytics</c> (that session's host, with their app token, or an operator).
/// </summary>
public static class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapStudioAnalytics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBeacon();
        endpoints.MapGet("/dashboard", ServeDashboard).ExcludeFromDescription();
        endpoints.MapGet("/api/analytics", NodeAsync);
        endpoints.MapGet("/api/analytics/sessions/{sessionId}", OperatorSessionAsync);
        endpoints.MapGet("/api/sessions/{sessionId}/analytics", HostSessionAsync);
        return endpoints;
    }

    private static IResult ServeDashboard(StudioPaths paths)
    {
        var file = paths.WebRoot is null ? null : Path.Combine(paths.WebRoot, "dashboard.html");
        return file is not null && File.Exists(file)
            ? Results.File(file, "text/html; charset=utf-8")
            : AnalyticsProblems.Problem(StatusCodes.Status404NotFound, AnalyticsProblems.NotFound, "The dashboard page is not installed.");
    }

    private static IResult NodeAsync(HttpContext http, OperatorAccess access, AnalyticsProjection projection, AnalyticsProjectionService service,
        IOptions<DashboardOptions> options, TimeProvider time)
    {
        if (Refuse(http, access) is { } refused)
        {
            return refused;
        }

        return Results.Ok(new NodeAnalyticsResponse(
            time.GetUtcNow(),
            service.HasFeed,
            options.Value.RefreshMilliseconds,
            projection.NodeReport(time.GetUtcNow()),
            projection.Sessions()));
    }

    private static IResult OperatorSessionAsync(string sessionId, HttpContext http, OperatorAccess access, AnalyticsProjection projection, TimeProvider time)
    {
        if (Refuse(http, access) is { } refused)
        {
            return refused;
        }

        return SessionReport(sessionId, projection, time);
    }

    private static IResult HostSessionAsync(string sessionId, HttpContext http, OperatorAccess access, AnalyticsProjection projection, TimeProvider time)
    {
        if (!access.IsOperator(http))
        {
            var tokens = http.RequestServices.GetService<AppTokenService>();
            var check = tokens?.Validate(OperatorAccess.BearerOf(http));
            if (check is not { Status: TokenStatus.Valid, Token: { } token })
            {
                return AnalyticsProblems.Problem(StatusCodes.Status401Unauthorized, AnalyticsProblems.Unauthorized,
                    "Send the host's session token (or the operator key) as 'Authorization: Bearer …'.");
            }

            if (!string.Equals(token.SessionId, sessionId, StringComparison.Ordinal) || token.Role != ParticipantRole.Host)
            {
                return AnalyticsProblems.Problem(StatusCodes.Status403Forbidden, AnalyticsProblems.Forbidden, "Only this session's host sees its figures.");
            }
        }

        return SessionReport(sessionId, projection, time);
    }

    private static IResult SessionReport(string sessionId, AnalyticsProjection projection, TimeProvider time) =>
        projection.SessionReport(sessionId, time.GetUtcNow()) is { } report
            ? Results.Ok(report)
            : AnalyticsProblems.Problem(StatusCodes.Status404NotFound, AnalyticsProblems.NotFound, "No figures for this session yet.");

    private static IResult? Refuse(HttpContext http, OperatorAccess access)
    {
        if (!access.IsConfigured)
        {
            return AnalyticsProblems.Problem(StatusCodes.Status503ServiceUnavailable, AnalyticsProblems.DashboardNotConfigured,
                "The dashboard is not configured.", "Set Studio:Dashboard:OperatorKey (or STUDIO_OPERATOR_KEY) on the node.");
        }

        return access.IsOperator(http)
            ? null
            : AnalyticsProblems.Problem(StatusCodes.Status401Unauthorized, AnalyticsProblems.Unauthorized, "The operator key is required.",
                "Send it as 'Authorization: Bearer <key>'.");
    }
}

/// <summary>What <c>GET /api/analytics</c> answers.</summary>
public sealed record NodeAnalyticsResponse(
    DateTimeOffset GeneratedAt,
    bool JournalConnected,
    int RefreshMilliseconds,
    AnalyticsReport Node,
    IReadOnlyList<SessionSummary> Sessions);
