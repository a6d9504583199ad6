using ActorStudio.Actors.Ports;

namespace ActorStudio.Actors.Generation;

/// <summary>Hooks for metrics: provider latency and outcomes, and the store pipeline's own time.</summary>
public interface IGenerationObserver
{
    void ProviderSucceeded(string provider, TimeSpan latency);

    void ProviderFailed(string provider, ImageFailureReason reason, TimeSpan latency);

    /// <summary>Thumbnail + both blob writes for one variant, from the provider's bytes to "ready to journal".</summary>
    void Stored(TimeSpan pipeline, long bytes);
}
