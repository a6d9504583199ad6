namespace ActorStudio.Node.Hosting;

/// <summary><c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: its dependencies answer (readiness).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapStudioHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", (TimeProvider clock) => TypedResults.Ok(new HealthAnswer("ok", clock.GetUtcNow())))
            .WithName("Liveness")
            .DisableHttpMetrics();
        endpoints.MapGet("/readyz", ReadyAsync)
            .WithName("Readiness")
            .DisableHttpMetrics();
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(ReadinessProbe probe, HttpContext http)
    {
        var report = await probe.EvaluateAsync(http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers.CacheControl = "no-store";
        if (report.Ready)
        {
            return TypedResults.Ok(new ReadyAnswer("ready", report.Checks));
        }

        var failing = new List<string>();
        foreach (var check in report.Checks)
        {
            if (!check.Ready)
            {
                failing.Add($"{check.Name}: {check.Detail}");
            }
        }

        var detail = report.ShuttingDown
            ? "The node is shutting down."
            : "Failing: " + string.Join("; ", failing);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The node is not ready.",
            detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = report.ShuttingDown ? HttpProblemCodes.ShuttingDown : HttpProblemCodes.NotReady,
                ["checks"] = report.Checks,
            });
    }

    private sealed record HealthAnswer(string Status, DateTimeOffset Time);

    private sealed record ReadyAnswer(string Status, IReadOnlyList<ReadinessCheckOutcome> Checks);
}
