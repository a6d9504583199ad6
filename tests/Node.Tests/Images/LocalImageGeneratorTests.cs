using ActorStudio.Actors.Ports;
using ActorStudio.Node.Images.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Tests.Images;

public sealed class LocalImageGeneratorTests
{
    private static LocalImageGenerator Create(Action<LocalImageGeneratorOptions>? configure = null)
    {
        var options = new LocalImageGeneratorOptions { MedianLatency = TimeSpan.Zero, Jitter = TimeSpan.Zero };
        configure?.Invoke(options);
        return new LocalImageGenerator(Options.Create(options), TimeProvider.System, NullLogger<LocalImageGenerator>.Instance);
    }

    private static ImageRequest Request(string prompt, long? seed = 7, int variant = 0, string aspect = "1:1")
    {
        Assert.True(AspectRatio.TryParse(aspect, out var ratio));
        return new ImageRequest(prompt, ratio, seed, variant, null, null);
    }

    [Fact]
    public async Task Draws_a_decodable_png_of_the_requested_size_that_is_not_a_flat_colour()
    {
        var image = await Create().GenerateAsync(Request("a lighthouse at dusk", aspect: "16:9"), null, CancellationToken.None);

        Assert.Equal("image/png", image.ContentType);
        Assert.Equal((1344, 768), (image.Width, image.Height));
        var decoded = await PngInspection.RunAsync(image.Bytes.ToArray());
        Assert.Equal((1344, 768), (decoded.Width, decoded.Height));
        Assert.True(decoded.DistinctColors > 1000, $"only {decoded.DistinctColors} distinct colours");
    }

    [Theory]
    [InlineData("2:3")]
    [InlineData("21:9")]
    [InlineData("4:5")]
    public async Task Respects_every_aspect_size(string aspect)
    {
        Assert.True(AspectRatio.TryParse(aspect, out var ratio));
        var image = await Create().GenerateAsync(Request("size check", aspect: aspect), null, CancellationToken.None);
        var decoded = await PngInspection.RunAsync(image.Bytes.ToArray());
        Assert.Equal((ratio.Width, ratio.Height), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Prompt_seed_and_variant_each_change_the_pixels_and_equal_inputs_repeat_them()
    {
        var generator = Create();
        async Task<string> PixelsOf(ImageRequest r) =>
            (await PngInspection.RunAsync((await generator.GenerateAsync(r, null, CancellationToken.None)).Bytes.ToArray())).PixelSha256;

        var baseline = await PixelsOf(Request("red fox in snow", 1, 0));
        var again = await PixelsOf(Request("red fox in snow", 1, 0));
        var otherPrompt = await PixelsOf(Request("blue whale", 1, 0));
        var otherSeed = await PixelsOf(Request("red fox in snow", 2, 0));
        var otherVariant = await PixelsOf(Request("red fox in snow", 1, 3));

        Assert.Equal(baseline, again);
        Assert.Equal(4, new HashSet<string> { baseline, otherPrompt, otherSeed, otherVariant }.Count);
    }

    [Fact]
    public async Task Different_prompts_give_visibly_different_colours()
    {
        var generator = Create();
        var a = await PngInspection.RunAsync((await generator.GenerateAsync(Request("sunrise over the desert"), null, CancellationToken.None)).Bytes.ToArray());
        var b = await PngInspection.RunAsync((await generator.GenerateAsync(Request("deep ocean trench"), null, CancellationToken.None)).Bytes.ToArray());
        var distance = Math.Abs(a.MeanRgb[0] - b.MeanRgb[0]) + Math.Abs(a.MeanRgb[1] - b.MeanRgb[1]) + Math.Abs(a.MeanRgb[2] - b.MeanRgb[2]);
        Assert.True(distance > 10, $"mean colours too close: {string.Join(',', a.MeanRgb)} vs {string.Join(',', b.MeanRgb)}");
    }

    [Fact]
    public async Task Reports_progress_from_0_to_100_in_order()
    {
        var reports = new List<int>();
        var progress = new SynchronousProgress(reports);
        var generator = Create(o => o.MedianLatency = TimeSpan.FromMilliseconds(40));
        await generator.GenerateAsync(Request("progress"), progress, CancellationToken.None);

        Assert.Equal(0, reports[0]);
        Assert.Equal(100, reports[^1]);
        Assert.True(reports.Count >= 5, $"only {reports.Count} reports");
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i] >= reports[i - 1], $"progress went backwards: {string.Join(',', reports)}");
        }
    }

    [Theory]
    [InlineData(ImageFailureReason.Safety, false)]
    [InlineData(ImageFailureReason.RateLimited, true)]
    [InlineData(ImageFailureReason.ProviderError, true)]
    [InlineData(ImageFailureReason.Timeout, true)]
    public async Task Failure_rates_of_one_always_fail_with_that_reason(ImageFailureReason reason, bool retryable)
    {
        var generator = Create(o =>
        {
            switch (reason)
            {
                case ImageFailureReason.Safety: o.SafetyFailureRate = 1; break;
                case ImageFailureReason.RateLimited: o.RateLimitedFailureRate = 1; break;
                case ImageFailureReason.ProviderError: o.ProviderErrorFailureRate = 1; break;
                default: o.TimeoutFailureRate = 1; break;
            }
        });

        for (var i = 0; i < 5; i++)
        {
            var e = await Assert.ThrowsAsync<ImageProviderException>(() => generator.GenerateAsync(Request("x", variant: i % 4), null, CancellationToken.None));
            Assert.Equal(reason, e.Reason);
            Assert.Equal(retryable, e.Retryable);
            Assert.Equal(reason == ImageFailureReason.RateLimited, e.RetryAfter is not null);
        }
    }

    [Fact]
    public void Partial_failure_rates_split_calls_in_proportion()
    {
        var options = new LocalImageGeneratorOptions { SafetyFailureRate = 0.1, RateLimitedFailureRate = 0.2, TimeoutFailureRate = 0.05 };
        var injector = new FailureInjector(options, new Random(1234));
        var counts = new Dictionary<string, int>();
        const int Calls = 4000;
        for (var i = 0; i < Calls; i++)
        {
            var key = injector.Choose(Request("p", variant: i % 4))?.Reason.ToString() ?? "ok";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        // Expected 400 / 800 / 200 / 2600; the ranges are over five standard deviations wide.
        Assert.InRange(counts["Safety"], 300, 500);
        Assert.InRange(counts["RateLimited"], 660, 940);
        Assert.InRange(counts["Timeout"], 130, 270);
        Assert.InRange(counts["ok"], 2440, 2760);
        Assert.False(counts.ContainsKey("ProviderError"));
    }

    [Fact]
    public async Task Prompt_trigger_fails_only_the_named_variant()
    {
        var generator = Create();
        var e = await Assert.ThrowsAsync<ImageProviderException>(() =>
            generator.GenerateAsync(Request("a cat [fail:safety#2]", variant: 2), null, CancellationToken.None));
        Assert.Equal(ImageFailureReason.Safety, e.Reason);

        var fine = await generator.GenerateAsync(Request("a cat [fail:safety#2]", variant: 1), null, CancellationToken.None);
        Assert.Equal(1024, fine.Width);
    }

    [Fact]
    public async Task Empty_prompt_is_invalid_input()
    {
        var e = await Assert.ThrowsAsync<ImageProviderException>(() => Create().GenerateAsync(Request("  "), null, CancellationToken.None));
        Assert.Equal(ImageFailureReason.InvalidInput, e.Reason);
    }

    [Fact]
    public async Task Cancellation_stops_a_waiting_call()
    {
        var generator = Create(o => o.MedianLatency = TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(Request("slow"), null, cts.Token));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool and may reorder; this records in call order.</summary>
    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
