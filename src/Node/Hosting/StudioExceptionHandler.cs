using Microsoft.AspNetCore.Diagnostics;

namespace ActorStudio.Node.Hosting;

/// <summary>
/// Turns exceptions that escape an endpoint into problem details with a stable code. Bad requests keep their 4xx;
/// anything else is a 500 that names no internals (the log has them, under the request's trace id).
/// </summary>
public sealed class StudioExceptionHandler(IProblemDetailsService problemDetails, ILogger<StudioExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read an answer.
            return true;
        }

        int status;
        string code;
        string title;
        if (exception is BadHttpRequestException badRequest)
        {
            status = badRequest.StatusCode;
            code = HttpProblemCodes.ForStatus(status);
            title = "The request could not be read.";
            logger.LogInformation("Bad request {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }
        else
        {
            status = StatusCodes.Status500InternalServerError;
            code = HttpProblemCodes.InternalError;
            title = "An unexpected error occurred.";
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Extensions = { ["code"] = code },
            },
        }).ConfigureAwait(false);
    }
}
