namespace ActorStudio.Node.Images.Local;

/// <summary>Settings of the embedded generator, bound from <c>Studio:Images:Local</c>.</summary>
public sealed class LocalImageGeneratorOptions
{
    public const string SectionName = "Studio:Images:Local";

    /// <summary>Typical time a variant takes, to behave like a remote model in demos and load tests.</summary>
    public TimeSpan MedianLatency { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Each call takes MedianLatency plus a uniform draw in [-Jitter, +Jitter] (never below zero).</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromSeconds(0.75);

    /// <summary>
    /// When set, variant i takes exactly <c>VariantLatencies[i % count]</c> (no jitter): tests and demos use it to make
    /// variants finish in a known order (<c>Studio:Images:Local:VariantLatencies:0=00:00:00.800</c> ...).
    /// </summary>
    public IList<TimeSpan> VariantLatencies { get; set; } = [];

    /// <summary>Probability (0..1) that a variant is blocked as unsafe.</summary>
    public double SafetyFailureRate { get; set; }

    /// <summary>Probability (0..1) that a variant is refused as rate limited (retryable, with RetryAfter).</summary>
    public double RateLimitedFailureRate { get; set; }

    /// <summary>Probability (0..1) that a variant fails with a retryable provider error.</summary>
    public double ProviderErrorFailureRate { get; set; }

    /// <summary>Probability (0..1) that a variant times out (retryable).</summary>
    public double TimeoutFailureRate { get; set; }

    /// <summary>RetryAfter reported with injected rate limits.</summary>
    public TimeSpan RateLimitedRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When on, a prompt containing <c>[fail:safety]</c>, <c>[fail:rate_limited]</c>, <c>[fail:provider_error]</c>,
    /// <c>[fail:timeout]</c> or <c>[fail:invalid_input]</c> fails that way every time (append <c>#N</c>, e.g.
    /// <c>[fail:safety#2]</c>, to fail only variant N). Demos and end-to-end tests use it to show each badge.
    /// </summary>
    public bool PromptFailureTriggers { get; set; } = true;

    /// <summary>Model name written into object metadata and shown in the lightbox.</summary>
    public string ModelName { get; set; } = "local-generator-v1";
}
