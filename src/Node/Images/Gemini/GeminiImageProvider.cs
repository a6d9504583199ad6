using System.Net.Http.Headers;
using ActorStudio.Actors.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace ActorStudio.Node.Images.Gemini;

/// <summary>
/// Gemini 2.5 Flash Image over REST (Vertex AI or the Developer API): one generateContent call per variant; the
/// GenerationActor runs the four concurrently. Each call goes through a Polly pipeline: bounded retries with
/// jittered exponential back-off (or the server's RetryInfo delay) around a circuit breaker shared by all calls,
/// so a failing back end is given a rest instead of being hammered by every variant of every session.
/// </summary>
public sealed class GeminiImageProvider : IImageProvider
{
    private readonly HttpClient _http;
    private readonly GeminiOptions _options;
    private readonly IGeminiAuthenticator _authenticator;
    private readonly ILogger<GeminiImageProvider> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly Uri _endpoint;

    public GeminiImageProvider(
        HttpClient http,
        IOptions<GeminiOptions> options,
        IGeminiAuthenticator authenticator,
        TimeProvider timeProvider,
        ILogger<GeminiImageProvider> logger)
    {
        _http = http;
        _options = options.Value;
        _authenticator = authenticator;
        _logger = logger;
        _endpoint = _options.GenerateContentUri();
        _pipeline = BuildPipeline(_options, timeProvider, logger);
    }

    public string Name => "gemini";

    public async Task<ProvidedImage> GenerateAsync(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ImageProviderException(ImageFailureReason.InvalidInput, false, "The prompt is empty.");
        }

        var body = GeminiRequestWriter.Write(request);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Self.AttemptAsync(state.Body, ct).ConfigureAwait(false),
                (Self: this, Body: body),
                cancellationToken).ConfigureAwait(false);
        }
        catch (GeminiAttemptException e)
        {
            _logger.LogInformation("Gemini variant {Variant} failed: {Reason} (retryable {Retryable}) {Message}",
                request.Variant, e.Failure.Reason, e.Failure.Retryable, e.Failure.Message);
            throw e.Failure;
        }
        catch (BrokenCircuitException e)
        {
            _logger.LogWarning("Gemini circuit is open; variant {Variant} refused without a call", request.Variant);
            throw new ImageProviderException(
                ImageFailureReason.ProviderError, true, "The image service is failing; calls are paused for a moment.", e.RetryAfter ?? _options.BreakerBreakDuration);
        }
    }

    private async ValueTask<ProvidedImage> AttemptAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint);
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                await _authenticator.AuthenticateAsync(message, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new GeminiAttemptException(
                    new ImageProviderException(ImageFailureReason.ProviderError, true, "Could not obtain Google credentials: " + e.Message), false, false);
            }

            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var payload = await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return GeminiResponseInterpreter.ReadSuccess(payload, _options.Model);
            }

            var retryAfter = response.Headers.RetryAfter?.Delta;
            throw GeminiResponseInterpreter.ReadError(response.StatusCode, payload, retryAfter, _options.MaxInlineRetryDelay);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our per-attempt timeout fired, not the caller's token. Not retried inline: the user decides.
            throw new GeminiAttemptException(
                new ImageProviderException(ImageFailureReason.Timeout, true, $"Gemini did not answer within {_options.Timeout.TotalSeconds:0.#} s."), false, true);
        }
        catch (HttpRequestException e)
        {
            throw new GeminiAttemptException(
                new ImageProviderException(ImageFailureReason.ProviderError, true, "Could not reach Gemini: " + e.Message), true, true);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _options.MaxResponseBytes)
        {
            throw new GeminiAttemptException(
                new ImageProviderException(ImageFailureReason.ProviderError, true, "Gemini's answer is larger than allowed."), false, false);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxResponseBytes)
            {
                throw new GeminiAttemptException(
                    new ImageProviderException(ImageFailureReason.ProviderError, true, "Gemini's answer is larger than allowed."), false, false);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ResiliencePipeline BuildPipeline(GeminiOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = new PredicateBuilder().Handle<GeminiAttemptException>(e => e.RetryInline),
                DelayGenerator = static args => ValueTask.FromResult(
                    args.Outcome.Exception is GeminiAttemptException { Failure.RetryAfter: { } after } ? (TimeSpan?)after : null),
                OnRetry = args =>
                {
                    logger.LogInformation("Gemini attempt {Attempt} failed ({Message}); retrying in {Delay}",
                        args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<GeminiAttemptException>(e => e.CountsAsFault),
            OnOpened = args =>
            {
                logger.LogWarning("Gemini circuit opened for {BreakDuration}", args.BreakDuration);
                return ValueTask.CompletedTask;
            },
        });
        return builder.Build();
    }
}
