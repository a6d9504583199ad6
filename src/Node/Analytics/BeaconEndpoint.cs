using System.Buffers;
using System.Net;
using System.Text.Json;
using ActorStudio.Actors.Observability;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// <c>POST /api/beacon</c>: page events from <c>navigator.sendBeacon</c>, body <c>{"name": "view_room", "sessionId": "…"}</c>
/// (sent as text/plain or application/json). Bounded body (413), allow-listed names (400), a token bucket per client
/// address (429 + Retry-After). Accepted events go to the analytics page stream: 204.
/// </summary>
public static class BeaconEndpoint
{
    /// <summary>The page events the browser may send. Adding one is a deliberate code change.</summary>
    public static IReadOnlySet<string> AllowedEvents { get; } = new HashSet<string>(StringComparer.Ordinal) { "prompt_submit_clicked", "view_room" };

    public static IEndpointRouteBuilder MapBeacon(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/beacon", HandleAsync).DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        BeaconRateLimiter limiter,
        AnalyticsRecorder recorder,
        StudioMetrics metrics,
        IOptions<AnalyticsOptions> options,
        CancellationToken cancellationToken)
    {
        var address = http.Connection.RemoteIpAddress ?? IPAddress.None;
        if (!limiter.TryAcquire(address, out var retryAfter))
        {
            metrics.RateLimitRefused("beacon");
            return AnalyticsProblems.RateLimited(retryAfter);
        }

        var max = options.Value.MaxBeaconBytes;
        if (http.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        var body = await ReadBoundedAsync(http.Request.Body, max, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(max);
        }

        if (!TryParse(body, out var name, out var sessionId, out var problem))
        {
            return AnalyticsProblems.Problem(StatusCodes.Status400BadRequest, AnalyticsProblems.InvalidBeacon, "The beacon is not valid.", problem);
        }

        if (!AllowedEvents.Contains(name))
        {
            return AnalyticsProblems.Problem(StatusCodes.Status400BadRequest, AnalyticsProblems.UnknownBeaconEvent, "Unknown page event.",
                "name must be one of: " + string.Join(", ", AllowedEvents.Order(StringComparer.Ordinal)) + ".");
        }

        await recorder.RecordPageEventAsync(name, sessionId, cancellationToken).ConfigureAwait(false);
        metrics.BeaconAccepted(name);
        return Results.NoContent();
    }

    private static IResult TooLarge(int max) => AnalyticsProblems.Problem(
        StatusCodes.Status413PayloadTooLarge, AnalyticsProblems.BeaconTooLarge, "The beacon is too large.", $"At most {max} bytes.");

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is longer (chunked bodies have no length to check first).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(max + 1);
        try
        {
            var total = 0;
            while (true)
            {
                var read = await body.ReadAsync(buffer.AsMemory(total, max + 1 - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, total).ToArray();
                }

                total += read;
                if (total > max)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static bool TryParse(ReadOnlySpan<byte> body, out string name, out string? sessionId, out string? problem)
    {
        name = string.Empty;
        sessionId = null;
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "The body must be a JSON object.";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "name" when reader.TokenType == JsonTokenType.String:
                        name = reader.GetString() ?? string.Empty;
                        break;
                    case "sessionId" when reader.TokenType == JsonTokenType.String:
                        sessionId = reader.GetString();
                        break;
                    case "sessionId" when reader.TokenType == JsonTokenType.Null:
                        break;
                    case "name" or "sessionId":
                        problem = property + " must be a string.";
                        return false;
                    default:
                        reader.Skip(); // unknown fields (a timestamp, the page) are ignored
                        break;
                }
            }
        }
        catch (JsonException)
        {
            problem = "The body is not valid JSON.";
            return false;
        }

        if (name.Length == 0)
        {
            problem = "name is required.";
            return false;
        }

        if (sessionId is not null && !IsSafeId(sessionId))
        {
            problem = "sessionId is not a session id.";
            return false;
        }

        return true;
    }

    private static bool IsSafeId(string id)
    {
        if (id.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
