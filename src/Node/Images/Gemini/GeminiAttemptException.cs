using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Images.Gemini;

/// <summary>
/// One failed HTTP attempt inside the resilience pipeline. <see cref="RetryInline"/> says whether the retry strategy
/// may try again now; <see cref="CountsAsFault"/> whether the circuit breaker should count it. The provider unwraps
/// <see cref="Failure"/> for its caller.
/// </summary>
internal sealed class GeminiAttemptException(ImageProviderException failure, bool retryInline, bool countsAsFault)
    : Exception(failure.Message, failure)
{
    public ImageProviderException Failure { get; } = failure;

    public bool RetryInline { get; } = retryInline;

    public bool CountsAsFault { get; } = countsAsFault;
}
