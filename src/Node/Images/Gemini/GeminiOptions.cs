namespace ActorStudio.Node.Images.Gemini;

/// <summary>
/// Gemini image generation settings, bound from <c>Studio:Images:Gemini</c>. Setting <see cref="ApiKey"/> selects the
/// Gemini Developer API; setting <see cref="Project"/> selects Vertex AI (service-account file or application default
/// credentials). With neither, the node uses the local generator.
/// </summary>
public sealed class GeminiOptions
{
    public const string SectionName = "Studio:Images:Gemini";

    /// <summary>Model id; kept in settings because gemini-2.5-flash-image is announced for retirement (successor gemini-3.1-flash-image).</summary>
    public string Model { get; set; } = "gemini-2.5-flash-image";

    /// <summary>Vertex AI project id.</summary>
    public string? Project { get; set; }

    /// <summary>Vertex AI location: "global" or a region such as "us-central1".</summary>
    public string Location { get; set; } = "global";

    /// <summary>Path to a service-account JSON file; empty means application default credentials.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Gemini Developer API key (sent as x-goog-api-key). Takes precedence over Vertex settings.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Overrides the endpoint origin (tests point it at a local stand-in; also proxies/private endpoints).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Per-attempt timeout; the model takes a few seconds to 15 s, so the reference asks for at least 120 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Attempts per variant for transient failures (5xx, network, 429 with a short or no retry delay).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First back-off delay; doubles per attempt with jitter, capped by <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A 429 whose RetryInfo delay is at most this long is waited out and retried inside the call; a longer delay ends
    /// the call at once as rate_limited with RetryAfter, so the generation can schedule the retry instead of holding a slot.
    /// </summary>
    public TimeSpan MaxInlineRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Circuit breaker: opens when this share of calls failed (5xx, network, timeouts) within the sampling window.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body accepted (a 1K image is about 2 MB of base64).</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    public bool UsesApiKey => !string.IsNullOrWhiteSpace(ApiKey);

    public bool IsConfigured => UsesApiKey || !string.IsNullOrWhiteSpace(Project);

    /// <summary>The generateContent URL for the chosen back end.</summary>
    public Uri GenerateContentUri()
    {
        if (UsesApiKey)
        {
            var origin = BaseUrl ?? new Uri("https://generativelanguage.googleapis.com");
            return new Uri(origin, $"v1beta/models/{Uri.EscapeDataString(Model)}:generateContent");
        }

        if (string.IsNullOrWhiteSpace(Project))
        {
            throw new InvalidOperationException("Gemini needs either Studio:Images:Gemini:ApiKey or Studio:Images:Gemini:Project.");
        }

        var vertexOrigin = BaseUrl ?? new Uri(Location == "global"
            ? "https://aiplatform.googleapis.com"
            : $"https://{Location}-aiplatform.googleapis.com");
        return new Uri(
            vertexOrigin,
            $"v1/projects/{Uri.EscapeDataString(Project)}/locations/{Uri.EscapeDataString(Location)}/publishers/google/models/{Uri.EscapeDataString(Model)}:generateContent");
    }
}
