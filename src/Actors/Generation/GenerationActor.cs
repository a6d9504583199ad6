using System.Diagnostics;
using ActorStudio.Actors.Generation.Messages;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Runtime;
using ActorStudio.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Generation;

/// <summary>
/// One generation request (a child of its session). Runs the variants it is told to concurrently, each behind the
/// node's and the session's provider gates, and reports every state change to the session the moment it happens:
/// running → progress → stored (original AND thumbnail written first) or failed with a reason. The session journals
/// those reports and tells the owner. Stops itself when nothing is left to run; when stopped early (session stopping,
/// node shutting down) its calls are cancelled and the session fails the unfinished variants as retryable.
/// </summary>
public sealed class GenerationActor : Actor
{
    private readonly GenerationJob job;
    private readonly GenerationServices services;
    private readonly SemaphoreSlim sessionSlots;
    private readonly CancellationTokenSource stopping = new();
    private IActorRef? session;
    private int inFlight;

    public GenerationActor(GenerationJob job, GenerationServices services, SemaphoreSlim sessionSlots)
    {
        this.job = job;
        this.services = services;
        this.sessionSlots = sessionSlots;
    }

    public static Props PropsFor(GenerationJob job, GenerationServices services, SemaphoreSlim sessionSlots) =>
        Props.Create(() => new GenerationActor(job, services, sessionSlots));

    protected override ValueTask PreStartAsync()
    {
        session = Context.Parent;
        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnReceiveAsync(object message)
    {
        switch (message)
        {
            case RunVariants run:
                foreach (var attempt in run.Variants)
                {
                    inFlight++;
                    _ = RunAndReportAsync(attempt);
                }

                break;
            case VariantFinished:
                if (--inFlight == 0)
                {
                    Context.Stop(Self);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    protected override ValueTask PostStopAsync()
    {
        stopping.Cancel();
        stopping.Dispose();
        session?.Tell(new GenerationActorStopped(job.GenerationId, Self), Self);
        return ValueTask.CompletedTask;
    }

    private async Task RunAndReportAsync(VariantAttempt attempt)
    {
        try
        {
            var report = await RunVariantAsync(attempt).ConfigureAwait(false);
            session!.Tell(report, Self);
        }
        catch (Exception ex)
        {
            // Nothing may escape a variant: the owner must always see a final state.
            session!.Tell(new VariantFailure(job.GenerationId, attempt.Index, attempt.ImageId, VariantFailureReasons.ProviderError, true, null, "The image could not be made: " + ex.GetType().Name), Self);
        }
        finally
        {
            Self.Tell(VariantFinished.Instance, Self);
        }
    }

    private async Task<object> RunVariantAsync(VariantAttempt attempt)
    {
        var cancel = stopping.Token;
        var logger = services.Loggers.CreateLogger<GenerationActor>();
        await services.NodeSlots.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            await sessionSlots.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                session!.Tell(new VariantRunning(job.GenerationId, attempt.Index, attempt.ImageId), Self);
                return await CallAndStoreAsync(attempt, logger, cancel).ConfigureAwait(false);
            }
            finally
            {
                sessionSlots.Release();
            }
        }
        finally
        {
            services.NodeSlots.Release();
        }
    }

    private async Task<object> CallAndStoreAsync(VariantAttempt attempt, ILogger logger, CancellationToken cancel)
    {
        var settings = services.Settings;
        ReadOnlyMemory<byte>? source = null;
        if (job.SourceKey is not null)
        {
            var blob = await services.Blobs.GetAsync(job.SourceKey, cancel).ConfigureAwait(false);
            if (blob is null)
            {
                return Fail(attempt, VariantFailureReasons.InvalidInput, false, null, "The source image is no longer available.");
            }

            source = blob.Bytes;
        }

        var request = new ImageRequest(job.Prompt, job.Aspect, job.Seed, attempt.Index, source, job.SourceContentType);
        var progress = new ThrottledProgress(session!, Self, job.GenerationId, attempt, settings.ProgressInterval, services.Time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(settings.VariantTimeout);
        var started = Stopwatch.GetTimestamp();
        ProvidedImage image;
        try
        {
            image = await services.Provider.GenerateAsync(request, progress, timeout.Token).ConfigureAwait(false);
        }
        catch (ImageProviderException ex)
        {
            services.Observer?.ProviderFailed(services.Provider.Name, ex.Reason, Stopwatch.GetElapsedTime(started));
            logger.LogInformation("Generation {GenerationId} variant {Variant} failed: {Reason} ({Message})", job.GenerationId, attempt.Index, ex.Reason, ex.Message);
            return Fail(attempt, ReasonName(ex.Reason), ex.Retryable, ex.RetryAfter, ex.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            services.Observer?.ProviderFailed(services.Provider.Name, ImageFailureReason.Timeout, Stopwatch.GetElapsedTime(started));
            return Fail(attempt, VariantFailureReasons.Timeout, true, null, "The image provider did not answer in time.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            services.Observer?.ProviderFailed(services.Provider.Name, ImageFailureReason.ProviderError, Stopwatch.GetElapsedTime(started));
            logger.LogWarning(ex, "Generation {GenerationId} variant {Variant}: provider call failed", job.GenerationId, attempt.Index);
            return Fail(attempt, VariantFailureReasons.ProviderError, true, null, "The image provider failed.");
        }

        var returned = Stopwatch.GetTimestamp();
        services.Observer?.ProviderSucceeded(services.Provider.Name, Stopwatch.GetElapsedTime(started, returned));

        // Original and thumbnail are both written BEFORE the session journals "stored": no event without its image.
        // The original is written while the thumbnail is made (it is on the critical path of every variant).
        var tags = Tags(attempt, image);
        var originalKey = services.Keys.Original(job.SessionId, job.OwnerId, attempt.ImageId, image.ContentType);
        var originalWrite = services.Blobs.PutAsync(originalKey, image.Bytes, new BlobMetadata(image.ContentType, tags), cancel).AsTask();
        Thumbnail thumbnail;
        try
        {
            thumbnail = await services.Thumbnailer.CreateAsync(image.Bytes, settings.ThumbnailEdge, cancel).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            logger.LogWarning(ex, "Generation {GenerationId} variant {Variant}: the provider's image could not be decoded", job.GenerationId, attempt.Index);
            await DiscardAsync(originalWrite, originalKey, logger).ConfigureAwait(false);
            return Fail(attempt, VariantFailureReasons.ProviderError, true, null, "The provider returned an image that could not be read.");
        }
        catch
        {
            await DiscardAsync(originalWrite, originalKey, logger).ConfigureAwait(false);
            throw;
        }

        var thumbnailKey = services.Keys.Thumbnail(job.SessionId, job.OwnerId, attempt.ImageId, thumbnail.ContentType);
        await Task.WhenAll(
            originalWrite,
            services.Blobs.PutAsync(thumbnailKey, thumbnail.Bytes, new BlobMetadata(thumbnail.ContentType, tags), cancel).AsTask()).ConfigureAwait(false);
        services.Observer?.Stored(Stopwatch.GetElapsedTime(returned), image.Bytes.Length + thumbnail.Bytes.Length);

        return new VariantSucceeded(
            job.GenerationId,
            attempt.Index,
            attempt.ImageId,
            image.Width,
            image.Height,
            image.Bytes.Length,
            originalKey,
            image.ContentType,
            thumbnailKey,
            thumbnail.ContentType,
            thumbnail.Bytes.Length,
            image.Model,
            returned);
    }

    /// <summary>The variant failed after its original was (being) written: no image may stay without its event.</summary>
    private async Task DiscardAsync(Task originalWrite, string originalKey, ILogger logger)
    {
        try
        {
            await originalWrite.ConfigureAwait(false);
            await services.Blobs.DeleteAsync(originalKey, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A write that failed left nothing; a delete that failed is swept when the session recovers.
            logger.LogWarning(ex, "Generation {GenerationId}: could not discard the original {BlobKey}", job.GenerationId, originalKey);
        }
    }

    private Dictionary<string, string> Tags(VariantAttempt attempt, ProvidedImage image) => new(StringComparer.Ordinal)
    {
        ["owner"] = job.OwnerId,
        ["session"] = job.SessionId,
        ["generation"] = job.GenerationId,
        ["variant"] = attempt.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["model"] = image.Model,
        ["size"] = $"{image.Width}x{image.Height}",
        ["prompt-sha256"] = PromptHash.Of(job.Prompt),
    };

    private VariantFailure Fail(VariantAttempt attempt, string reason, bool retryable, TimeSpan? retryAfter, string message) =>
        new(job.GenerationId, attempt.Index, attempt.ImageId, reason, retryable, retryAfter, message);

    public static string ReasonName(ImageFailureReason reason) => reason switch
    {
        ImageFailureReason.Safety => VariantFailureReasons.Safety,
        ImageFailureReason.RateLimited => VariantFailureReasons.RateLimited,
        ImageFailureReason.Timeout => VariantFailureReasons.Timeout,
        ImageFailureReason.InvalidInput => VariantFailureReasons.InvalidInput,
        _ => VariantFailureReasons.ProviderError,
    };

    private sealed class VariantFinished
    {
        public static VariantFinished Instance { get; } = new();
    }

    /// <summary>Forwards provider progress to the session at most once per interval (and never backwards).</summary>
    private sealed class ThrottledProgress(IActorRef session, IActorRef self, string generationId, VariantAttempt attempt, TimeSpan interval, TimeProvider time) : IProgress<int>
    {
        private long lastAt = long.MinValue;
        private int lastPercent = -1;

        public void Report(int value)
        {
            var now = time.GetTimestamp();
            if (value <= lastPercent || value >= 100 || (lastAt != long.MinValue && time.GetElapsedTime(lastAt, now) < interval))
            {
                return;
            }

            lastAt = now;
            lastPercent = value;
            session.Tell(new VariantPercent(generationId, attempt.Index, attempt.ImageId, value), self);
        }
    }
}
