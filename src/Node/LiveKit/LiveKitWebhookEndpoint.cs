using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// <c>POST /api/livekit/webhook</c>: reads the raw body (bounded), verifies it with
/// <see cref="LiveKitWebhookReceiver"/>, skips ids this node has just handled and hands the event to
/// <see cref="ILiveKitEventSink"/>. Any verification failure is a 401 problem with a stable <c>code</c>.
/// </summary>
public static class LiveKitWebhookEndpoint
{
    public const string DefaultPattern = "/api/livekit/webhook";

    public const string WebhookMediaType = "application/webhook+json";

    public static IEndpointConventionBuilder MapLiveKitWebhook(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, (Delegate)HandleAsync)
            .WithName("LiveKitWebhook")
            .DisableAntiforgery();
    }

    private static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiveKitWebhookEndpoint).FullName!);
        var receiver = services.GetService<LiveKitWebhookReceiver>();
        if (receiver is null)
        {
            return Problem(StatusCodes.Status404NotFound, "livekit_not_configured", "Live video is not configured", "This server has no LiveKit settings.");
        }

        var options = services.GetRequiredService<LiveKitOptions>();
        if (!IsWebhookContentType(context.Request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "livekit_webhook_media_type", "Unsupported media type", $"Expected {WebhookMediaType}.");
        }

        if (context.Request.ContentLength > options.WebhookMaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "livekit_webhook_too_large", "Webhook body too large", $"At most {options.WebhookMaxBodyBytes} bytes.");
        }

        // One pooled buffer of the full bound: webhooks are rare and small, so simplicity beats growing in steps.
        var buffer = ArrayPool<byte>.Shared.Rent(options.WebhookMaxBodyBytes + 1);
        try
        {
            var length = await ReadBoundedAsync(context.Request.Body, buffer, options.WebhookMaxBodyBytes + 1, context.RequestAborted);
            if (length > options.WebhookMaxBodyBytes)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, "livekit_webhook_too_large", "Webhook body too large", $"At most {options.WebhookMaxBodyBytes} bytes.");
            }

            var result = receiver.Receive(buffer.AsSpan(0, length), context.Request.Headers.Authorization);
            if (!result.IsAccepted)
            {
                logger.LogWarning("LiveKit webhook refused: {Rejection} {TokenFailure}", result.Rejection, result.TokenFailure);
                var status = result.Rejection == LiveKitWebhookRejection.MalformedBody ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
                var code = status == StatusCodes.Status401Unauthorized ? "livekit_webhook_unauthorized" : "livekit_webhook_malformed";
                return Problem(status, code, "Webhook refused", result.Detail!, result.Rejection);
            }

            return await DispatchAsync(result.Event!, services, logger, context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<IResult> DispatchAsync(LiveKitWebhookEvent webhookEvent, IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var recent = services.GetRequiredService<RecentWebhookIds>();
        var sink = services.GetRequiredService<ILiveKitEventSink>();
        var claimed = webhookEvent.Id.Length > 0 && recent.TryClaim(webhookEvent.Id);
        if (webhookEvent.Id.Length > 0 && !claimed)
        {
            logger.LogInformation("LiveKit webhook {WebhookId} ({WebhookEvent}) already handled", webhookEvent.Id, webhookEvent.Event);
            return Results.Ok(new { duplicate = true });
        }

        try
        {
            await sink.HandleAsync(webhookEvent, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (claimed)
            {
                recent.Release(webhookEvent.Id);
            }

            logger.LogError(ex, "LiveKit webhook {WebhookId} ({WebhookEvent}) could not be handled", webhookEvent.Id, webhookEvent.Event);
            return Problem(StatusCodes.Status500InternalServerError, "livekit_webhook_failed", "Webhook not handled", "The event could not be recorded; LiveKit will retry.");
        }
        catch (OperationCanceledException)
        {
            if (claimed)
            {
                recent.Release(webhookEvent.Id);
            }

            throw;
        }

        return Results.Ok(new { duplicate = false });
    }

    // Reads until the end of the body or until `bound` bytes are in, whichever comes first.
    private static async ValueTask<int> ReadBoundedAsync(Stream body, byte[] buffer, int bound, CancellationToken cancellationToken)
    {
        var length = 0;
        while (length < bound)
        {
            var read = await body.ReadAsync(buffer.AsMemory(length, bound - length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length;
    }

    private static bool IsWebhookContentType(string? contentType) =>
        contentType is not null &&
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
        (parsed.MediaType.Equals(WebhookMediaType, StringComparison.OrdinalIgnoreCase) ||
         parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private static IResult Problem(int status, string code, string title, string detail, LiveKitWebhookRejection? reason = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (reason is { } r)
        {
            extensions["reason"] = r.ToString();
        }

        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
