using System.Diagnostics;
using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Observability;

/// <summary>
/// Wraps an image provider to record per-variant latency and failures by reason in <see cref="StudioMetrics"/>
/// (<c>studio_provider_duration_seconds</c>, <c>studio_provider_errors_total</c>). A call cancelled by its caller is
/// not the provider's failure and is not recorded.
/// </summary>
public sealed class MeteredImageProvider(IImageProvider inner, StudioMetrics metrics) : IImageProvider
{
    public IImageProvider Inner { get; } = inner;

    public string Name => Inner.Name;

    public async Task<ProvidedImage> GenerateAsync(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var image = await Inner.GenerateAsync(request, progress, cancellationToken).ConfigureAwait(false);
            metrics.RecordProviderCall(Name, "ok", Stopwatch.GetElapsedTime(started));
            return image;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            metrics.RecordProviderCall(Name, OutcomeOf(ex), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    internal static string OutcomeOf(Exception ex) => ex switch
    {
        ImageProviderException { Reason: ImageFailureReason.Safety } => "safety",
        ImageProviderException { Reason: ImageFailureReason.RateLimited } => "rate_limited",
        ImageProviderException { Reason: ImageFailureReason.Timeout } => "timeout",
        ImageProviderException { Reason: ImageFailureReason.InvalidInput } => "invalid_input",
        TimeoutException or OperationCanceledException => "timeout",
        _ => "provider_error",
    };
}
