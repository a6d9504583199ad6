using System.Buffers;
using ActorStudio.Actors.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Images.Local;

/// <summary>
/// The embedded default <see cref="IImageProvider"/>: draws a real PNG per (prompt, seed, variant, source image)
/// at the requested aspect size, after a configurable latency, reporting progress, with optional failure injection.
/// A null seed counts as seed 0, so the picture stays a pure function of its inputs; callers wanting fresh images
/// for the same prompt pick a seed themselves.
/// </summary>
public sealed class LocalImageGenerator(
    IOptions<LocalImageGeneratorOptions> options,
    TimeProvider timeProvider,
    ILogger<LocalImageGenerator> logger) : IImageProvider
{
    private const int ProgressSteps = 8;
    private readonly LocalImageGeneratorOptions _options = options.Value;
    private readonly FailureInjector _failures = new(options.Value, Random.Shared);

    public string Name => "local";

    public async Task<ProvidedImage> GenerateAsync(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ImageProviderException(ImageFailureReason.InvalidInput, retryable: false, "The prompt is empty.");
        }

        progress?.Report(0);
        var failure = _failures.Choose(request);
        var latency = DrawLatency(request.Variant);
        if (failure is not null)
        {
            // Real providers fail part-way through (or, for timeouts, at the end): keep that shape.
            var wait = failure.Reason == ImageFailureReason.Timeout ? latency : latency / 2;
            await WaitWithProgressAsync(wait, 0, failure.Reason == ImageFailureReason.Timeout ? 80 : 40, progress, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Local generator injected {Reason} for variant {Variant}", failure.Reason, request.Variant);
            throw failure;
        }

        await WaitWithProgressAsync(latency, 0, 70, progress, cancellationToken).ConfigureAwait(false);
        var image = await Task.Run(() => Draw(request, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        progress?.Report(100);
        return image;
    }

    private ProvidedImage Draw(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var width = request.Aspect.Width;
        var height = request.Aspect.Height;
        var length = width * height * 3;
        var pixels = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var seed = PictureRenderer.DeriveSeed(
                request.Prompt, request.Seed ?? 0, request.Variant, request.SourceImage is { } source ? source.Span : default);
            var lastReported = 70;
            PictureRenderer.Render(seed, width, height, pixels.AsSpan(0, length), rows =>
            {
                if ((rows & 63) != 0)
                {
                    return;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var percent = 70 + (rows * 20 / height);
                if (percent > lastReported)
                {
                    lastReported = percent;
                    progress?.Report(percent);
                }
            });
            var png = PngEncoder.EncodeRgb(pixels.AsSpan(0, length), width, height);
            return new ProvidedImage(png, "image/png", width, height, _options.ModelName);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    private async Task WaitWithProgressAsync(TimeSpan total, int from, int to, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (total <= TimeSpan.Zero)
        {
            return;
        }

        var step = total / ProgressSteps;
        for (var i = 1; i <= ProgressSteps; i++)
        {
            await Task.Delay(step, timeProvider, cancellationToken).ConfigureAwait(false);
            progress?.Report(from + ((to - from) * i / ProgressSteps));
        }
    }

    private TimeSpan DrawLatency(int variant)
    {
        if (_options.VariantLatencies.Count > 0)
        {
            // Fixed per-variant latencies (tests and demos of completion order): variant i takes entry i mod count.
            return _options.VariantLatencies[variant % _options.VariantLatencies.Count];
        }

        var jitter = _options.Jitter.Ticks * ((Random.Shared.NextDouble() * 2) - 1);
        var ticks = _options.MedianLatency.Ticks + (long)jitter;
        return ticks > 0 ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
    }
}
