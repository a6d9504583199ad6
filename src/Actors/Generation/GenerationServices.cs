using ActorStudio.Actors.Ports;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Generation;

/// <summary>What generation needs from the node: the provider, storage, thumbnails, the node gate, settings.</summary>
public sealed record GenerationServices(
    IImageProvider Provider,
    IBlobStore Blobs,
    IThumbnailer Thumbnailer,
    ProviderConcurrency NodeSlots,
    GenerationSettings Settings,
    ImageKeyLayout Keys,
    TimeProvider Time,
    ILoggerFactory Loggers)
{
    /// <summary>Optional observer of pipeline timings and outcomes (metrics); null when none is wired.</summary>
    public IGenerationObserver? Observer { get; init; }
}
