using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ActorStudio.Node.LiveKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>
/// A local stand-in for LiveKit's Twirp API, following the documented wire format: it checks the path, the content
/// type, the bearer token (signature, issuer, expiry) and the grant the method needs for the request's room, then
/// answers with whatever the test scripted for that method, in Twirp's shapes.
/// </summary>
internal sealed class TwirpStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<JsonElement, Reply>> replies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Call> calls = new();
    private readonly string apiKey;
    private readonly string apiSecret;
    private LoopbackServer? server;

    private TwirpStandIn(string apiKey, string apiSecret)
    {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /// <summary>One request as received; <see cref="Refusal"/> is set when the stand-in answered 401 on its own.</summary>
    public sealed record Call(string Method, string? BearerToken, JsonElement Body, string? Refusal);

    public sealed record Reply(int Status, string Json, TimeSpan Delay = default, string ContentType = "application/json")
    {
        public static Reply Ok(string json) => new(200, json);

        public static Reply Error(int status, string code, string msg, string metaJson = "{}") =>
            new(status, $$"""{"code":"{{code}}","msg":"{{msg}}","meta":{{metaJson}}}""");
    }

    public Uri Address => server!.Address;

    /// <summary>The URL to configure as <c>LIVEKIT_URL</c> (ws scheme, like a real deployment).</summary>
    public string LiveKitUrl => "ws://" + Address.Authority;

    public IReadOnlyList<Call> Calls => calls.ToArray();

    public static async Task<TwirpStandIn> StartAsync(string apiKey = LiveKitTestSettings.ApiKey, string apiSecret = LiveKitTestSettings.ApiSecret)
    {
        var standIn = new TwirpStandIn(apiKey, apiSecret);
        standIn.server = await LoopbackServer.StartAsync(_ => { }, app => app.MapPost("/twirp/{service}/{method}", standIn.HandleAsync));
        return standIn;
    }

    public void On(string method, Func<JsonElement, Reply> reply) => replies[method] = reply;

    public void On(string method, Reply reply) => replies[method] = _ => reply;

    public ValueTask DisposeAsync() => server!.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string service, string method)
    {
        var name = service + "/" + method;
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context, Reply.Error(400, "malformed", "unexpected Content-Type"));
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(await reader.ReadToEndAsync(context.RequestAborted));
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await WriteAsync(context, Reply.Error(400, "malformed", "the json request could not be decoded"));
            return;
        }

        string? authorization = context.Request.Headers.Authorization;
        var token = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : null;
        var refusal = Authorize(name, token, body);
        calls.Enqueue(new Call(name, token, body, refusal));
        if (refusal is not null)
        {
            await WriteAsync(context, Reply.Error(401, "unauthenticated", refusal));
            return;
        }

        if (!replies.TryGetValue(name, out var reply))
        {
            await WriteAsync(context, Reply.Error(404, "bad_route", "no handler for " + name));
            return;
        }

        var answer = reply(body);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await WriteAsync(context, answer);
    }

    private string? Authorize(string method, string? token, JsonElement body)
    {
        if (token is null)
        {
            return "no Bearer token";
        }

        var failure = LiveKitJwt.TryVerify(token, apiKey, apiSecret, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10), out var claims);
        if (failure != LiveKitTokenFailure.None)
        {
            return "invalid token: " + failure;
        }

        var room = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("room", out var r) ? r.GetString() : null;
        return LiveKitTokenChecks.Authorize(method, claims!, room);
    }

    private static async Task WriteAsync(HttpContext context, Reply reply)
    {
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Json, context.RequestAborted);
    }
}
