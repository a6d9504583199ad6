using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Images.Local;

/// <summary>Decides whether a local generation call fails, and how: prompt triggers first, then the configured rates.</summary>
internal sealed class FailureInjector(LocalImageGeneratorOptions options, Random random)
{
    public ImageProviderException? Choose(ImageRequest request)
    {
        if (options.PromptFailureTriggers && PromptFailureTrigger.TryFind(request.Prompt, request.Variant, out var triggered))
        {
            return Failure(triggered);
        }

        var draw = random.NextDouble();
        var threshold = 0.0;
        foreach (var (reason, rate) in (ReadOnlySpan<(ImageFailureReason, double)>)
                 [
                     (ImageFailureReason.Safety, options.SafetyFailureRate),
                     (ImageFailureReason.RateLimited, options.RateLimitedFailureRate),
                     (ImageFailureReason.ProviderError, options.ProviderErrorFailureRate),
                     (ImageFailureReason.Timeout, options.TimeoutFailureRate),
                 ])
        {
            threshold += Math.Clamp(rate, 0, 1);
            if (draw < threshold)
            {
                return Failure(reason);
            }
        }

        return null;
    }

    private ImageProviderException Failure(ImageFailureReason reason) => reason switch
    {
        ImageFailureReason.Safety => new(reason, retryable: false, "The local generator blocked this variant (injected safety failure)."),
        ImageFailureReason.RateLimited => new(reason, retryable: true, "The local generator is rate limited (injected).", options.RateLimitedRetryAfter),
        ImageFailureReason.Timeout => new(reason, retryable: true, "The local generator timed out (injected)."),
        ImageFailureReason.InvalidInput => new(reason, retryable: false, "The local generator refused the input (injected)."),
        _ => new(ImageFailureReason.ProviderError, retryable: true, "The local generator failed (injected provider error)."),
    };
}
