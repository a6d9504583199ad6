using System.Text.Json;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>Runs LiveKit's own livekit-server-sdk (node) over tokens and webhook bodies.</summary>
public static class LiveKitNodeChecks
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    public sealed record Verified(bool Ok, JsonElement Claims, string? Error);

    public sealed record SignedWebhook(string Authorization, bool ReceiverAccepts, string? Event, string? Id);

    public static async Task<IReadOnlyList<Verified>> VerifyAsync(string apiKey, string apiSecret, IReadOnlyList<string> tokens)
    {
        var input = JsonSerializer.Serialize(new { apiKey, apiSecret, tokens });
        var output = (await NodeScript.RunAsync("tests/js/livekit-verify-token.mjs", input, NodeTimeout)).StandardOutput;
        using var document = JsonDocument.Parse(output);
        var results = new List<Verified>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var ok = item.GetProperty("ok").GetBoolean();
            results.Add(new Verified(
                ok,
                ok ? item.GetProperty("claims").Clone() : default,
                ok ? null : item.GetProperty("error").GetString()));
        }

        Assert.Equal(tokens.Count, results.Count);
        return results;
    }

    public static async Task<IReadOnlyList<SignedWebhook>> SignWebhooksAsync(string apiKey, string apiSecret, IReadOnlyList<(string Body, string Ttl)> items)
    {
        var payload = new List<object>(items.Count);
        foreach (var (body, ttl) in items)
        {
            payload.Add(new { body, ttl });
        }

        var input = JsonSerializer.Serialize(new { apiKey, apiSecret, items = payload });
        var output = (await NodeScript.RunAsync("tests/js/livekit-sign-webhook.mjs", input, NodeTimeout)).StandardOutput;
        var results = JsonSerializer.Deserialize<List<SignedWebhook>>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(items.Count, results.Count);
        return results;
    }
}
