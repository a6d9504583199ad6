using System.Threading.RateLimiting;
using ActorStudio.Actors.Observability;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// Watches the answers of <c>POST /api/sessions/{id}/join</c>: counts every join in <see cref="StudioMetrics"/> and
/// records refused ones in the analytics join stream (a refused join never reaches a session journal). Observing the
/// status code keeps the join endpoint free of analytics code: 404 unknown_session, 403 wrong_code, 429
/// rate_limited, 400/413/415 invalid_input, 5xx unavailable.
/// </summary>
public sealed class JoinOutcomeObserver(RequestDelegate next, StudioMetrics metrics, AnalyticsRecorder recorder, JoinFailureWriteBudget budget, ILogger<JoinOutcomeObserver> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !TryGetSessionId(context.Request.Path, out var sessionId))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        var status = context.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            metrics.JoinSucceeded();
            return;
        }

        var reason = status switch
        {
            StatusCodes.Status404NotFound => "unknown_session",
            StatusCodes.Status403Forbidden => "wrong_code",
            StatusCodes.Status429TooManyRequests => "rate_limited",
            StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType => "invalid_input",
            >= 500 => "unavailable",
            _ => "refused",
        };
        metrics.JoinFailed(reason);
        if (status == StatusCodes.Status429TooManyRequests)
        {
            metrics.RateLimitRefused("join");
        }

        using var lease = budget.Limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            return;
        }

        try
        {
            await recorder.RecordJoinFailedAsync(sessionId, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The answer is already sent; losing one analytics fact must not turn into an error for the caller.
            logger.LogWarning(ex, "Could not record a failed join for session {SessionId}", sessionId);
        }
    }

    /// <summary>Matches <c>/api/sessions/{id}/join</c> exactly.</summary>
    internal static bool TryGetSessionId(PathString path, out string sessionId)
    {
        sessionId = string.Empty;
        var value = path.Value;
        const string Prefix = "/api/sessions/";
        const string Suffix = "/join";
        if (value is null || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || !value.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) || value.Length <= Prefix.Length + Suffix.Length)
        {
            return false;
        }

        var id = value[Prefix.Length..^Suffix.Length];
        if (id.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        sessionId = id;
        return true;
    }
}

/// <summary>
/// A brute-force run answered 429 must not turn into as many journal writes: past this node-wide budget refused
/// joins are counted in the metrics only.
/// </summary>
public sealed class JoinFailureWriteBudget : IDisposable
{
    public RateLimiter Limiter { get; } = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 50,
        TokensPerPeriod = 20,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    public void Dispose() => Limiter.Dispose();
}
