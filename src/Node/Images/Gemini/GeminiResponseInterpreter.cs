using System.Globalization;
using System.Net;
using System.Text.Json;
using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Images.Gemini;

/// <summary>
/// Turns a generateContent answer into an image or a per-variant failure. Mapping (docs/operations: "Gemini outcomes"):
/// <list type="bullet">
/// <item>promptFeedback.blockReason (any value), no candidates, a safety-type finishReason (SAFETY, RECITATION, BLOCKLIST,
/// PROHIBITED_CONTENT, SPII, IMAGE_SAFETY, IMAGE_PROHIBITED_CONTENT, IMAGE_RECITATION), a text-only answer, or a candidate
/// without content → <c>safety</c>, not retryable (the same prompt would be refused again).</item>
/// <item>finishReason NO_IMAGE, OTHER, IMAGE_OTHER, MAX_TOKENS or anything unknown without an image → <c>provider_error</c>,
/// retryable by the user, not retried inline (each call costs money and the model chose not to draw).</item>
/// <item>HTTP 400 → <c>invalid_input</c>; 401/403/404 → <c>provider_error</c> not retryable (configuration);
/// 408 → <c>timeout</c>; 429 → <c>rate_limited</c> with RetryInfo.retryDelay (or Retry-After) as RetryAfter;
/// 500/502/503/504 → <c>provider_error</c>, retried inline with back-off.</item>
/// </list>
/// </summary>
internal static class GeminiResponseInterpreter
{
    private static readonly HashSet<string> SafetyFinishReasons =
    [
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
        "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
    ];

    public static ProvidedImage ReadSuccess(ReadOnlySpan<byte> body, string model)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            throw Attempt(new ImageProviderException(ImageFailureReason.ProviderError, true, "Gemini answered with malformed JSON: " + e.Message), false, true);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.TryGetProperty("promptFeedback", out var feedback) && feedback.TryGetProperty("blockReason", out var blockReason))
            {
                var detail = feedback.TryGetProperty("blockReasonMessage", out var m) ? " " + m.GetString() : string.Empty;
                throw Safety($"Gemini blocked the prompt ({blockReason.GetString()}).{detail}");
            }

            if (!root.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array || candidates.GetArrayLength() == 0)
            {
                throw Safety("Gemini returned no candidates (blocked).");
            }

            var candidate = candidates[0];
            var finishReason = candidate.TryGetProperty("finishReason", out var fr) ? fr.GetString() : null;
            string? text = null;
            if (candidate.TryGetProperty("content", out var content) && content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in parts.EnumerateArray())
                {
                    if (part.TryGetProperty("inlineData", out var inline)
                        && inline.TryGetProperty("mimeType", out var mime) && mime.GetString()?.StartsWith("image/", StringComparison.Ordinal) == true
                        && inline.TryGetProperty("data", out var data))
                    {
                        return Decode(data, root, model);
                    }

                    if (part.TryGetProperty("text", out var t))
                    {
                        text ??= t.GetString();
                    }
                }
            }

            if (finishReason is not null && SafetyFinishReasons.Contains(finishReason))
            {
                throw Safety($"Gemini stopped for {finishReason}.");
            }

            if (finishReason is null or "STOP" or "FINISH_REASON_UNSPECIFIED")
            {
                // The model answered in words instead of drawing: in practice a refusal.
                throw Safety(text is null ? "Gemini returned a candidate without an image." : "Gemini answered with text only: " + Truncate(text));
            }

            throw Attempt(new ImageProviderException(ImageFailureReason.ProviderError, true, $"Gemini returned no image ({finishReason})."), false, false);
        }
    }

    public static GeminiAttemptException ReadError(HttpStatusCode status, ReadOnlySpan<byte> body, TimeSpan? retryAfterHeader, TimeSpan maxInlineRetryDelay)
    {
        var (message, retryDelay) = ParseError(body);
        var code = (int)status;
        message = $"Gemini HTTP {code}: {message ?? status.ToString()}";
        return code switch
        {
            400 => Attempt(new ImageProviderException(ImageFailureReason.InvalidInput, false, message), false, false),
            401 or 403 or 404 => Attempt(new ImageProviderException(ImageFailureReason.ProviderError, false, message), false, false),
            408 => Attempt(new ImageProviderException(ImageFailureReason.Timeout, true, message), false, true),
            429 => RateLimited(message, retryDelay ?? retryAfterHeader, maxInlineRetryDelay),
            500 or 502 or 503 or 504 => Attempt(new ImageProviderException(ImageFailureReason.ProviderError, true, message), true, true),
            _ => Attempt(new ImageProviderException(ImageFailureReason.ProviderError, false, message), false, false),
        };
    }

    /// <summary>Parses a google.protobuf.Duration in JSON form ("26s", "0.5s", "1.250s").</summary>
    public static TimeSpan? ParseDuration(string? value)
    {
        if (value is null || !value.EndsWith('s'))
        {
            return null;
        }

        return double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static GeminiAttemptException RateLimited(string message, TimeSpan? retryAfter, TimeSpan maxInline)
    {
        var failure = new ImageProviderException(ImageFailureReason.RateLimited, true, message, retryAfter);
        return Attempt(failure, retryInline: retryAfter is null || retryAfter <= maxInline, countsAsFault: false);
    }

    private static (string? Message, TimeSpan? RetryDelay) ParseError(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("error", out var error))
            {
                return (null, null);
            }

            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (error.TryGetProperty("status", out var s))
            {
                message = $"{s.GetString()} {message}";
            }

            TimeSpan? delay = null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray())
                {
                    if (detail.TryGetProperty("@type", out var type) && type.GetString() == "type.googleapis.com/google.rpc.RetryInfo"
                        && detail.TryGetProperty("retryDelay", out var retryDelay))
                    {
                        delay = ParseDuration(retryDelay.GetString());
                    }
                }
            }

            return (message, delay);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static ProvidedImage Decode(JsonElement data, JsonElement root, string model)
    {
        byte[] bytes;
        try
        {
            bytes = data.GetBytesFromBase64();
        }
        catch (FormatException)
        {
            throw Attempt(new ImageProviderException(ImageFailureReason.ProviderError, true, "Gemini returned image data that is not base64."), false, false);
        }

        var info = ImageSniffer.Sniff(bytes)
                   ?? throw Attempt(new ImageProviderException(ImageFailureReason.ProviderError, true, "Gemini returned bytes that are not a PNG, JPEG or WebP image."), false, false);
        var version = root.TryGetProperty("modelVersion", out var v) ? v.GetString() : null;
        return new ProvidedImage(bytes, info.ContentType, info.Width, info.Height, string.IsNullOrEmpty(version) ? model : version);
    }

    private static GeminiAttemptException Safety(string message) =>
        Attempt(new ImageProviderException(ImageFailureReason.Safety, false, message), false, false);

    private static GeminiAttemptException Attempt(ImageProviderException failure, bool retryInline, bool countsAsFault) =>
        new(failure, retryInline, countsAsFault);

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
