namespace ActorStudio.Node.LiveKit;

/// <summary>
/// LiveKit settings: configuration section <c>LiveKit</c>, overridden by the conventional
/// <c>LIVEKIT_URL</c>, <c>LIVEKIT_API_KEY</c> and <c>LIVEKIT_API_SECRET</c> variables. With none of the three set,
/// live video is off and everything else works.
/// </summary>
public sealed class LiveKitOptions
{
    public const string SectionName = "LiveKit";

    /// <summary>The URL browsers connect to (<c>wss://…</c>); the server API is reached over the matching http(s) URL.</summary>
    public string? Url { get; set; }

    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    /// <summary>Lifetime of participant tokens (re-issued on every join and reconnect).</summary>
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of the tokens this server uses for its own API calls.</summary>
    public TimeSpan ServiceTokenTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far <c>nbf</c> is back-dated so that a verifier whose clock runs behind still accepts the token.</summary>
    public TimeSpan NotBeforeSkew { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long LiveKit keeps an empty room before closing it.</summary>
    public TimeSpan EmptyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Room capacity used when the caller does not give one (0 = server default).</summary>
    public int MaxParticipants { get; set; } = 500;

    /// <summary>Upper bound for one server API call.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Allows hosts to publish their screen besides camera and microphone when the session enables it.</summary>
    public bool AllowScreenShare { get; set; } = true;

    /// <summary>Largest webhook body accepted.</summary>
    public int WebhookMaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Clock skew tolerated when checking a webhook token's <c>nbf</c>/<c>exp</c>.</summary>
    public TimeSpan WebhookClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many webhook ids the in-memory guard remembers (the session journal is the real dedupe).</summary>
    public int WebhookRecentIdCapacity { get; set; } = 4096;

    public LiveKitRecordingOptions Recording { get; set; } = new();

    /// <summary>All three of URL, key and secret are set.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Url) && !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(ApiSecret);

    /// <summary>None of URL, key and secret is set: live video is deliberately off.</summary>
    public bool IsDisabled =>
        string.IsNullOrWhiteSpace(Url) && string.IsNullOrWhiteSpace(ApiKey) && string.IsNullOrWhiteSpace(ApiSecret);

    /// <summary>The http(s) base of the server API derived from <see cref="Url"/>.</summary>
    public Uri ApiBaseUri => LiveKitUrls.ToApiBase(Url ?? throw new InvalidOperationException("LiveKit URL is not configured."));
}
