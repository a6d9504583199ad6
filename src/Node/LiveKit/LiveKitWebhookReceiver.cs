using System.Security.Cryptography;
using System.Text.Json;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// Verifies LiveKit webhooks the way LiveKit's own receivers do: the <c>Authorization</c> header is a bare HS256
/// token (iss = API key, within its validity window) whose <c>sha256</c> claim is the standard base64 SHA-256 of the
/// raw body, compared in constant time. Only then is the body parsed.
/// </summary>
public sealed class LiveKitWebhookReceiver
{
    private readonly string apiKey;
    private readonly string apiSecret;
    private readonly TimeSpan clockSkew;
    private readonly TimeProvider time;

    public LiveKitWebhookReceiver(LiveKitOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("LiveKit is not configured (URL, API key and API secret are required).");
        }

        apiKey = options.ApiKey!;
        apiSecret = options.ApiSecret!;
        clockSkew = options.WebhookClockSkew;
        this.time = time;
    }

    public LiveKitWebhookResult Receive(ReadOnlySpan<byte> rawBody, string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return LiveKitWebhookResult.Reject(LiveKitWebhookRejection.MissingAuthorization, "the Authorization header is missing");
        }

        // LiveKit sends the bare token; tolerate a Bearer prefix from proxies or hand-made requests.
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization.Trim();
        var failure = LiveKitJwt.TryVerify(token, apiKey, apiSecret, time.GetUtcNow(), clockSkew, out var claims);
        if (failure != LiveKitTokenFailure.None)
        {
            return LiveKitWebhookResult.Reject(LiveKitWebhookRejection.InvalidToken, $"the webhook token is not valid ({failure})", failure);
        }

        if (string.IsNullOrEmpty(claims!.Sha256))
        {
            return LiveKitWebhookResult.Reject(LiveKitWebhookRejection.MissingBodyHash, "the webhook token carries no sha256 claim");
        }

        if (!BodyMatches(rawBody, claims.Sha256))
        {
            return LiveKitWebhookResult.Reject(LiveKitWebhookRejection.BodyHashMismatch, "the body does not match the token's sha256 claim");
        }

        LiveKitWebhookEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<LiveKitWebhookEvent>(rawBody, LiveKitJson.Webhook);
        }
        catch (JsonException ex)
        {
            return LiveKitWebhookResult.Reject(LiveKitWebhookRejection.MalformedBody, "the body is not a webhook event: " + ex.Message);
        }

        if (parsed is null || string.IsNullOrEmpty(parsed.Event))
        {
            return LiveKitWebhookResult.Reject(LiveKitWebhookRejection.MalformedBody, "the body names no event");
        }

        return LiveKitWebhookResult.Accept(parsed);
    }

    private static bool BodyMatches(ReadOnlySpan<byte> rawBody, string claimedBase64)
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(rawBody, actual);

        Span<byte> claimed = stackalloc byte[48];
        if (claimedBase64.Length > 64 || !Convert.TryFromBase64String(claimedBase64, claimed, out var written) || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(actual, claimed[..written]);
    }
}
