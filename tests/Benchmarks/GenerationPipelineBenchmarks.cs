using ActorStudio.Actors.Ports;
using ActorStudio.Node.Images;
using ActorStudio.Node.Images.Local;
using ActorStudio.Node.Images.Vips;
using ActorStudio.Node.Storage;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorStudio.Benchmarks;

/// <summary>
/// The storage half of the generation pipeline for a 1024x1024 PNG from the provider: 512 px WebP thumbnail with
/// libvips, then original and thumbnail written to the local blob store (temp file, fsync, rename, sidecar).
/// Monitoring strategy: one operation per iteration, so the percentiles are per-image latencies. In-process, because
/// building BenchmarkDotNet's generated project exceeds its 2-minute limit on the shared 2-core machine.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*GenerationPipeline*'
/// </summary>
[Config(typeof(Percentiles))]
public class GenerationPipelineBenchmarks
{
    private byte[] _png = [];
    private string _root = "";
    private Thumbnailer _thumbnailer = null!;
    private LocalFileBlobStore _store = null!;
    private LocalImageGenerator _generator = null!;
    private ImageRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rgb = new byte[1024 * 1024 * 3];
        PictureRenderer.Render(0xC0FFEE, 1024, 1024, rgb);
        _png = PngEncoder.EncodeRgb(rgb, 1024, 1024);
        _root = Directory.CreateTempSubdirectory("actorstudio-bench-").FullName;
        _thumbnailer = new Thumbnailer(new VipsLibrary(), Options.Create(new ThumbnailerOptions()));
        _store = new LocalFileBlobStore(Options.Create(new LocalBlobStoreOptions { Root = _root }), NullLogger<LocalFileBlobStore>.Instance);
        _generator = new LocalImageGenerator(
            Options.Create(new LocalImageGeneratorOptions { MedianLatency = TimeSpan.Zero, Jitter = TimeSpan.Zero }),
            TimeProvider.System,
            NullLogger<LocalImageGenerator>.Instance);
        _request = new ImageRequest("a lighthouse at dusk", AspectRatio.Square, 42, 0, null, null);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "thumbnail 512 WebP (libvips)")]
    public async Task<int> Thumbnail() => (await _thumbnailer.CreateAsync(_png, 512, CancellationToken.None)).Bytes.Length;

    [Benchmark(Description = "thumbnail + store original and thumb (local files)")]
    public async Task<int> ThumbnailAndStore()
    {
        var imageId = Guid.NewGuid().ToString("N");
        var thumb = await _thumbnailer.CreateAsync(_png, 512, CancellationToken.None);
        var original = BlobTags.ForImage("image/png", "original", "bench", "owner", "gen", 0, "local", 1024, 1024, "a lighthouse at dusk");
        var thumbTags = BlobTags.ForImage(thumb.ContentType, "thumb", "bench", "owner", "gen", 0, "local", thumb.Width, thumb.Height, "a lighthouse at dusk");
        await Task.WhenAll(
            _store.PutAsync(StorageKeys.Original("bench", "owner", imageId, "png"), _png, original, CancellationToken.None).AsTask(),
            _store.PutAsync(StorageKeys.Thumbnail("bench", "owner", imageId, "webp"), thumb.Bytes, thumbTags, CancellationToken.None).AsTask());
        return thumb.Bytes.Length;
    }

    [Benchmark(Description = "local generator: draw + PNG encode 1024x1024")]
    public async Task<int> DrawAndEncode() => (await _generator.GenerateAsync(_request, null, CancellationToken.None)).Bytes.Length;

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithWarmupCount(10)
                .WithIterationCount(200)
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P50, new PercentileColumn(99));
        }
    }
}
