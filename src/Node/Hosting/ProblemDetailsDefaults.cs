using System.Diagnostics;

namespace ActorStudio.Node.Hosting;

/// <summary>Every problem answer carries a stable <c>code</c> and the trace id that finds it in the logs.</summary>
public static class ProblemDetailsDefaults
{
    public static void Apply(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = HttpProblemCodes.ForStatus(status);
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        problem.Instance ??= context.HttpContext.Request.Path;

        // Never leak exception text or stack to clients, whatever the environment.
        problem.Extensions.Remove("exception");
        if (context.Exception is not null and not BadHttpRequestException)
        {
            problem.Detail = null;
        }
    }
}
