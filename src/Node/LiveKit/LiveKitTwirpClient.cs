using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// Calls LiveKit's server API: Twirp JSON over HTTP POST to <c>/twirp/livekit.{Service}/{Method}</c> with a fresh
/// bearer token per call. Errors come back as <c>{"code","msg","meta"}</c> and surface as
/// <see cref="LiveKitApiException"/>; a call that outlives <see cref="LiveKitOptions.RequestTimeout"/> fails with
/// code <c>timeout</c>, while the caller's own cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class LiveKitTwirpClient
{
    private const int MaxErrorBodyChars = 2048;

    private readonly HttpClient http;
    private readonly LiveKitTokenIssuer tokens;
    private readonly LiveKitOptions options;
    private readonly Uri apiBase;
    private readonly ILogger<LiveKitTwirpClient> logger;

    public LiveKitTwirpClient(HttpClient http, LiveKitOptions options, LiveKitTokenIssuer tokens, ILogger<LiveKitTwirpClient> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(logger);
        this.http = http;
        this.options = options;
        this.tokens = tokens;
        this.logger = logger;
        apiBase = options.ApiBaseUri;
    }

    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string service,
        string method,
        TRequest request,
        LiveKitVideoGrant grant,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        var name = $"livekit.{service}/{method}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, "twirp/" + name))
        {
            Content = JsonContent.Create(request, options: LiveKitJson.Twirp),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.CreateServiceToken(grant));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ReadErrorAsync(name, response, timeout.Token).ConfigureAwait(false);
            }

            TResponse? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync<TResponse>(LiveKitJson.Twirp, timeout.Token).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new LiveKitApiException(name, "malformed_response", ex.Message, response.StatusCode, innerException: ex);
            }

            return body ?? throw new LiveKitApiException(name, "malformed_response", "empty response body", response.StatusCode);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("LiveKit {TwirpMethod} timed out after {Timeout}", name, options.RequestTimeout);
            throw new LiveKitApiException(name, "timeout", $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s", null, innerException: ex);
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken != cancellationToken)
        {
            // Report the caller's own token, not our linked one, so callers can tell their cancellation apart.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "LiveKit {TwirpMethod} could not be reached", name);
            throw new LiveKitApiException(name, "unavailable", ex.Message, ex.StatusCode, innerException: ex);
        }
    }

    private static async Task<LiveKitApiException> ReadErrorAsync(string name, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length > MaxErrorBodyChars * 4)
        {
            text = text[..(MaxErrorBodyChars * 4)];
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
            {
                var msg = root.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
                Dictionary<string, string>? meta = null;
                if (root.TryGetProperty("meta", out var metaElement) && metaElement.ValueKind == JsonValueKind.Object)
                {
                    meta = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var property in metaElement.EnumerateObject())
                    {
                        meta[property.Name] = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()!
                            : property.Value.GetRawText();
                    }
                }

                return new LiveKitApiException(name, code.GetString()!, msg, response.StatusCode, meta);
            }
        }
        catch (JsonException)
        {
            // Not a Twirp error body (e.g. a proxy's HTML page): fall through to a code derived from the status.
        }

        var truncated = text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] : text;
        return new LiveKitApiException(name, CodeForStatus(response.StatusCode), truncated, response.StatusCode);
    }

    // Twirp's mapping from HTTP status to error code, for answers that carry no Twirp body.
    private static string CodeForStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "invalid_argument",
        HttpStatusCode.Unauthorized => "unauthenticated",
        HttpStatusCode.Forbidden => "permission_denied",
        HttpStatusCode.NotFound => "bad_route",
        HttpStatusCode.RequestTimeout => "deadline_exceeded",
        HttpStatusCode.Conflict => "already_exists",
        HttpStatusCode.PreconditionFailed => "failed_precondition",
        HttpStatusCode.TooManyRequests => "resource_exhausted",
        HttpStatusCode.NotImplemented => "unimplemented",
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => "unavailable",
        _ => "internal",
    };
}
