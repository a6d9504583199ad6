using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.Tests.Images.Gemini;

/// <summary>One request the stand-in received.</summary>
internal sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A local HTTP stand-in for the Gemini endpoints (Kestrel on a free loopback port). Each test scripts the answers:
/// the handler gets the 0-based call number for generateContent. /token answers like Google's OAuth token endpoint.
/// </summary>
internal sealed class GeminiStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private GeminiStandIn(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentQueue<RecordedRequest> TokenRequests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public int Calls => Volatile.Read(ref _calls);

    public static async Task<GeminiStandIn> StartAsync(Func<int, HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new GeminiStandIn(app);
        app.MapPost("/token", async context =>
        {
            standIn.TokenRequests.Enqueue(await RecordAsync(context));
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["access_token"] = "ya29.stand-in-token", ["expires_in"] = 3600, ["token_type"] = "Bearer" });
        });
        app.MapPost("/{**path}", async context =>
        {
            standIn.Requests.Enqueue(await RecordAsync(context));
            var call = Interlocked.Increment(ref standIn._calls) - 1;
            await answer(call, context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return standIn;
    }

    public static Task Json(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    public static Task Raw(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public static object ImageAnswer(byte[] png, string mimeType = "image/png") => new
    {
        candidates = new object[]
        {
            new
            {
                content = new
                {
                    role = "model",
                    parts = new object[] { new { text = "Here is your picture." }, new { inlineData = new { mimeType, data = Convert.ToBase64String(png) } } },
                },
                finishReason = "STOP",
                index = 0,
            },
        },
        usageMetadata = new { promptTokenCount = 12, candidatesTokenCount = 1290, totalTokenCount = 1302 },
        modelVersion = "gemini-2.5-flash-image",
        responseId = "r1",
    };

    public static string ErrorJson(int code, string status, string message, string? retryDelay = null) =>
        JsonSerializer.Serialize(new
        {
            error = new
            {
                code,
                message,
                status,
                details = retryDelay is null
                    ? Array.Empty<object>()
                    : new object[]
                    {
                        new Dictionary<string, object> { ["@type"] = "type.googleapis.com/google.rpc.QuotaFailure", ["violations"] = Array.Empty<object>() },
                        new Dictionary<string, object> { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = retryDelay },
                    },
            },
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in context.Request.Headers)
        {
            headers[name] = value.ToString();
        }

        return new RecordedRequest(context.Request.Path + context.Request.QueryString, headers, body);
    }
}
