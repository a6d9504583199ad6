using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Ports;
using ActorStudio.Node.Observability;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Observability;

public sealed class MeteredImageProviderTests
{
    [Fact]
    public async Task Calls_are_timed_by_outcome_and_failures_counted_by_reason_but_caller_cancellation_is_not()
    {
        var collection = new ServiceCollection();
        collection.AddStudioObservability(new ConfigurationBuilder().Build());
        collection.AddSingleton<IImageProvider, ScriptedProvider>();
        collection.AddImageProviderMetrics();
        await using var services = collection.BuildServiceProvider();
        var collector = services.GetRequiredService<PrometheusCollector>();
        var provider = services.GetRequiredService<IImageProvider>();
        Assert.IsType<MeteredImageProvider>(provider);

        await provider.GenerateAsync(Request("ok"), null, CancellationToken.None);
        await provider.GenerateAsync(Request("ok"), null, CancellationToken.None);
        await Assert.ThrowsAsync<ImageProviderException>(() => provider.GenerateAsync(Request("safety"), null, CancellationToken.None));
        await Assert.ThrowsAsync<ImageProviderException>(() => provider.GenerateAsync(Request("rate"), null, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => provider.GenerateAsync(Request("boom"), null, CancellationToken.None));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GenerateAsync(Request("ok"), null, cancelled.Token));

        var families = PrometheusTextParser.Parse(await collector.ScrapeAsync(CancellationToken.None));
        var latency = families["studio_provider_duration_seconds"];
        Assert.Equal(2, latency.Value("studio_provider_duration_seconds_count", ("provider", "scripted"), ("outcome", "ok")));
        Assert.Equal(5, latency.Samples.Where(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Sum(s => s.Value));
        var errors = families["studio_provider_errors_total"];
        Assert.Equal(1, errors.Value("studio_provider_errors_total", ("reason", "safety")));
        Assert.Equal(1, errors.Value("studio_provider_errors_total", ("reason", "rate_limited")));
        Assert.Equal(1, errors.Value("studio_provider_errors_total", ("reason", "provider_error")));
    }

    private static ImageRequest Request(string prompt) => new(prompt, AspectRatio.Square, 1, 0, null, null);

    private sealed class ScriptedProvider : IImageProvider
    {
        public string Name => "scripted";

        public Task<ProvidedImage> GenerateAsync(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return request.Prompt switch
            {
                "safety" => throw new ImageProviderException(ImageFailureReason.Safety, false, "blocked"),
                "rate" => throw new ImageProviderException(ImageFailureReason.RateLimited, true, "429", TimeSpan.FromSeconds(2)),
                "boom" => throw new HttpRequestException("connection reset"),
                _ => Task.FromResult(new ProvidedImage(new byte[] { 1, 2, 3 }, "image/png", 1, 1, "scripted")),
            };
        }
    }
}
