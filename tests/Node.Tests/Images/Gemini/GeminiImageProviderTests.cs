using System.Security.Cryptography;
using System.Text.Json;
using ActorStudio.Actors.Ports;
using ActorStudio.Node.Images.Gemini;
using ActorStudio.Node.Images.Local;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Tests.Images.Gemini;

/// <summary>The Gemini client against a local stand-in that answers in the documented wire formats.</summary>
public sealed class GeminiImageProviderTests
{
    private static readonly byte[] Png = MakePng(1344, 768);

    private static byte[] MakePng(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)(i * 7 / 3);
        }

        return PngEncoder.EncodeRgb(rgb, width, height);
    }

    private static GeminiImageProvider Create(GeminiStandIn standIn, Action<GeminiOptions>? configure = null, IGeminiAuthenticator? authenticator = null)
    {
        var options = new GeminiOptions
        {
            ApiKey = "test-key",
            BaseUrl = standIn.BaseUrl,
            Timeout = TimeSpan.FromSeconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return new GeminiImageProvider(
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            Options.Create(options),
            authenticator ?? new ApiKeyAuthenticator(options.ApiKey ?? "none"),
            TimeProvider.System,
            NullLogger<GeminiImageProvider>.Instance);
    }

    private static ImageRequest Request(string aspect = "16:9", long? seed = 42, byte[]? source = null)
    {
        Assert.True(AspectRatio.TryParse(aspect, out var ratio));
        return new ImageRequest("a lighthouse at dusk", ratio, seed, 1, source, source is null ? null : "image/png");
    }

    [Fact]
    public async Task Success_returns_the_png_and_sends_the_documented_camel_case_body_with_the_api_key()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Json(c, 200, GeminiStandIn.ImageAnswer(Png)));
        var image = await Create(standIn).GenerateAsync(Request(), null, CancellationToken.None);

        Assert.Equal(Png, image.Bytes.ToArray());
        Assert.Equal(("image/png", 1344, 768), (image.ContentType, image.Width, image.Height));
        Assert.Equal("gemini-2.5-flash-image", image.Model);

        var sent = Assert.Single(standIn.Requests);
        Assert.Equal("/v1beta/models/gemini-2.5-flash-image:generateContent", sent.Path);
        Assert.Equal("test-key", sent.Headers["x-goog-api-key"]);
        Assert.False(sent.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("application/json", sent.Headers["Content-Type"], StringComparison.Ordinal);
        var body = sent.Json;
        var content = Assert.Single(body.GetProperty("contents").EnumerateArray());
        Assert.Equal("user", content.GetProperty("role").GetString());
        var part = Assert.Single(content.GetProperty("parts").EnumerateArray());
        Assert.Equal("a lighthouse at dusk", part.GetProperty("text").GetString());
        var config = body.GetProperty("generationConfig");
        Assert.Equal(["IMAGE"], config.GetProperty("responseModalities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("16:9", config.GetProperty("imageConfig").GetProperty("aspectRatio").GetString());
        Assert.Equal(42, config.GetProperty("seed").GetInt32());
        Assert.False(config.TryGetProperty("candidateCount", out _));
        Assert.False(body.TryGetProperty("systemInstruction", out _));
    }

    [Fact]
    public async Task Iterate_sends_the_source_image_as_inline_data_before_the_text_on_vertex_with_a_service_account_token()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Json(c, 200, GeminiStandIn.ImageAnswer(Png)));
        var keyFile = WriteServiceAccountFile(new Uri(standIn.BaseUrl, "token"));
        try
        {
            var provider = Create(standIn, o => { o.ApiKey = null; o.Project = "studio-proj"; o.Location = "europe-west4"; }, new GoogleCredentialAuthenticator(keyFile));
            var source = MakePng(64, 48);

            await provider.GenerateAsync(Request("1:1", seed: null, source: source), null, CancellationToken.None);
            await provider.GenerateAsync(Request("1:1", seed: null, source: source), null, CancellationToken.None);

            Assert.Equal(2, standIn.Requests.Count);
            var sent = standIn.Requests.First();
            Assert.Equal("/v1/projects/studio-proj/locations/europe-west4/publishers/google/models/gemini-2.5-flash-image:generateContent", sent.Path);
            Assert.Equal("Bearer ya29.stand-in-token", sent.Headers["Authorization"]);
            Assert.False(sent.Headers.ContainsKey("x-goog-api-key"));
            var token = Assert.Single(standIn.TokenRequests); // cached for the second call
            Assert.Contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer", token.Body, StringComparison.Ordinal);

            var parts = sent.Json.GetProperty("contents")[0].GetProperty("parts");
            Assert.Equal(2, parts.GetArrayLength());
            var inline = parts[0].GetProperty("inlineData");
            Assert.Equal("image/png", inline.GetProperty("mimeType").GetString());
            Assert.Equal(source, Convert.FromBase64String(inline.GetProperty("data").GetString()!));
            Assert.Equal("a lighthouse at dusk", parts[1].GetProperty("text").GetString());
            var config = sent.Json.GetProperty("generationConfig");
            Assert.Equal("1:1", config.GetProperty("imageConfig").GetProperty("aspectRatio").GetString());
            Assert.False(config.TryGetProperty("seed", out _));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    public static TheoryData<string, string> BlockedAnswers => new()
    {
        { "prompt blocked", """{"promptFeedback":{"blockReason":"SAFETY","blockReasonMessage":"unsafe"},"usageMetadata":{"promptTokenCount":5}}""" },
        { "prohibited prompt", """{"candidates":[],"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"}}""" },
        { "no candidates", """{"usageMetadata":{"promptTokenCount":5},"modelVersion":"m"}""" },
        { "image safety finish", """{"candidates":[{"finishReason":"IMAGE_SAFETY","index":0}]}""" },
        { "safety finish with text", """{"candidates":[{"content":{"role":"model","parts":[{"text":"no"}]},"finishReason":"SAFETY"}]}""" },
        { "recitation", """{"candidates":[{"finishReason":"IMAGE_RECITATION"}]}""" },
        { "spii", """{"candidates":[{"finishReason":"SPII"}]}""" },
        { "text only", """{"candidates":[{"content":{"role":"model","parts":[{"text":"I can't draw that."}]},"finishReason":"STOP"}]}""" },
        { "candidate without content", """{"candidates":[{"index":0}]}""" },
    };

    [Theory]
    [MemberData(nameof(BlockedAnswers))]
    public async Task Every_blocked_shape_is_a_non_retryable_safety_failure_without_retries(string shape, string answer)
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Raw(c, 200, answer));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.True(e.Reason == ImageFailureReason.Safety, $"{shape}: got {e.Reason} ({e.Message})");
        Assert.False(e.Retryable);
        Assert.Equal(1, standIn.Calls);
    }

    [Theory]
    [InlineData("NO_IMAGE")]
    [InlineData("OTHER")]
    [InlineData("IMAGE_OTHER")]
    public async Task No_image_finishes_are_retryable_provider_errors_not_retried_inline(string finishReason)
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Raw(c, 200, $$"""{"candidates":[{"finishReason":"{{finishReason}}"}]}"""));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.ProviderError, e.Reason);
        Assert.True(e.Retryable);
        Assert.Equal(1, standIn.Calls);
    }

    [Fact]
    public async Task Rate_limit_with_a_long_retry_delay_returns_rate_limited_with_that_delay_at_once()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) =>
            GeminiStandIn.Raw(c, 429, GeminiStandIn.ErrorJson(429, "RESOURCE_EXHAUSTED", "Quota exceeded", "26s")));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.RateLimited, e.Reason);
        Assert.True(e.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(26), e.RetryAfter);
        Assert.Equal(1, standIn.Calls);
    }

    [Fact]
    public async Task Rate_limit_with_a_short_retry_delay_is_waited_out_and_retried()
    {
        var answeredAt = new DateTime[2];
        await using var standIn = await GeminiStandIn.StartAsync((call, c) =>
        {
            answeredAt[Math.Min(call, 1)] = DateTime.UtcNow;
            return call == 0
                ? GeminiStandIn.Raw(c, 429, GeminiStandIn.ErrorJson(429, "RESOURCE_EXHAUSTED", "slow down", "0.300s"))
                : GeminiStandIn.Json(c, 200, GeminiStandIn.ImageAnswer(Png));
        });

        var image = await Create(standIn).GenerateAsync(Request(), null, CancellationToken.None);

        Assert.Equal(Png, image.Bytes.ToArray());
        Assert.Equal(2, standIn.Calls);

        // The retry waited for the server's delay, not the 10 ms back-off the options would otherwise use.
        Assert.True(answeredAt[1] - answeredAt[0] >= TimeSpan.FromMilliseconds(250), $"retried after {(answeredAt[1] - answeredAt[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Rate_limit_without_retry_info_backs_off_and_reports_rate_limited_when_attempts_run_out()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Raw(c, 429, GeminiStandIn.ErrorJson(429, "RESOURCE_EXHAUSTED", "busy")));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.RateLimited, e.Reason);
        Assert.Null(e.RetryAfter);
        Assert.Equal(3, standIn.Calls);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_back_off_and_then_reported_retryable()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Raw(c, 500, GeminiStandIn.ErrorJson(500, "INTERNAL", "boom")));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.ProviderError, e.Reason);
        Assert.True(e.Retryable);
        Assert.Contains("INTERNAL", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, standIn.Calls);
    }

    [Fact]
    public async Task A_503_followed_by_success_succeeds()
    {
        await using var standIn = await GeminiStandIn.StartAsync((call, c) => call == 0
            ? GeminiStandIn.Raw(c, 503, GeminiStandIn.ErrorJson(503, "UNAVAILABLE", "try later"))
            : GeminiStandIn.Json(c, 200, GeminiStandIn.ImageAnswer(Png)));

        var image = await Create(standIn).GenerateAsync(Request(), null, CancellationToken.None);

        Assert.Equal(1344, image.Width);
        Assert.Equal(2, standIn.Calls);
    }

    [Fact]
    public async Task Bad_request_is_invalid_input_and_not_retried()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) =>
            GeminiStandIn.Raw(c, 400, GeminiStandIn.ErrorJson(400, "INVALID_ARGUMENT", "Unable to process input image.")));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.InvalidInput, e.Reason);
        Assert.False(e.Retryable);
        Assert.Contains("Unable to process input image.", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, standIn.Calls);
    }

    [Fact]
    public async Task Permission_denied_is_a_non_retryable_provider_error()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Raw(c, 403, GeminiStandIn.ErrorJson(403, "PERMISSION_DENIED", "no access")));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.ProviderError, e.Reason);
        Assert.False(e.Retryable);
        Assert.Equal(1, standIn.Calls);
    }

    [Fact]
    public async Task A_slow_answer_is_a_retryable_timeout_after_one_attempt()
    {
        await using var standIn = await GeminiStandIn.StartAsync(async (_, c) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
            await GeminiStandIn.Json(c, 200, GeminiStandIn.ImageAnswer(Png));
        });
        var e = await Assert.ThrowsAsync<ImageProviderException>(() =>
            Create(standIn, o => o.Timeout = TimeSpan.FromMilliseconds(300)).GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.Timeout, e.Reason);
        Assert.True(e.Retryable);
        Assert.Equal(1, standIn.Calls);
    }

    [Fact]
    public async Task Caller_cancellation_is_cancellation_not_a_timeout()
    {
        await using var standIn = await GeminiStandIn.StartAsync(async (_, c) => await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Create(standIn).GenerateAsync(Request(), null, cts.Token));
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_refuses_without_calling()
    {
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Raw(c, 500, GeminiStandIn.ErrorJson(500, "INTERNAL", "down")));
        var provider = Create(standIn, o =>
        {
            o.MaxAttempts = 1;
            o.BreakerMinimumThroughput = 3;
            o.BreakerFailureRatio = 0.5;
            o.BreakerBreakDuration = TimeSpan.FromSeconds(30);
        });

        for (var i = 0; i < 3; i++)
        {
            var failure = await Assert.ThrowsAsync<ImageProviderException>(() => provider.GenerateAsync(Request(), null, CancellationToken.None));
            Assert.Contains("INTERNAL", failure.Message, StringComparison.Ordinal);
        }

        var refused = await Assert.ThrowsAsync<ImageProviderException>(() => provider.GenerateAsync(Request(), null, CancellationToken.None));

        Assert.Equal(ImageFailureReason.ProviderError, refused.Reason);
        Assert.True(refused.Retryable);
        Assert.NotNull(refused.RetryAfter);
        Assert.Equal(3, standIn.Calls);
    }

    [Fact]
    public async Task Garbage_image_data_is_a_provider_error()
    {
        var notAnImage = System.Text.Encoding.UTF8.GetBytes("this is not a png");
        await using var standIn = await GeminiStandIn.StartAsync((_, c) => GeminiStandIn.Json(c, 200, GeminiStandIn.ImageAnswer(notAnImage)));
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create(standIn).GenerateAsync(Request(), null, CancellationToken.None));
        Assert.Equal(ImageFailureReason.ProviderError, e.Reason);
    }

    [Theory]
    [InlineData("26s", 26_000)]
    [InlineData("0.5s", 500)]
    [InlineData("1.250s", 1_250)]
    public void Retry_delays_parse_as_protobuf_durations(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GeminiResponseInterpreter.ParseDuration(text));
    }

    [Fact]
    public void Seeds_outside_int32_fold_deterministically()
    {
        Assert.Equal(42, GeminiRequestWriter.ToInt32Seed(42));
        Assert.Equal(GeminiRequestWriter.ToInt32Seed(1L << 40), GeminiRequestWriter.ToInt32Seed(1L << 40));
        Assert.NotEqual(GeminiRequestWriter.ToInt32Seed(1L << 40), GeminiRequestWriter.ToInt32Seed((1L << 40) + 1));
    }

    private static string WriteServiceAccountFile(Uri tokenUri)
    {
        using var rsa = RSA.Create(2048);
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "studio-proj",
            ["private_key_id"] = "k1",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "studio@studio-proj.iam.gserviceaccount.com",
            ["client_id"] = "1",
            ["token_uri"] = tokenUri.ToString(),
        });
        var path = Path.Combine(Path.GetTempPath(), $"actorstudio-sa-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
