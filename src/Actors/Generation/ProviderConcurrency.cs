namespace ActorStudio.Actors.Generation;

/// <summary>
/// The node-wide gate in front of the image provider: at most <see cref="GenerationSettings.MaxConcurrentPerNode"/>
/// calls in flight, whatever the number of sessions. One instance per node (a singleton service).
/// </summary>
public sealed class ProviderConcurrency : IDisposable
{
    private readonly SemaphoreSlim slots;

    public ProviderConcurrency(GenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Capacity = Math.Max(1, settings.MaxConcurrentPerNode);
        slots = new SemaphoreSlim(Capacity, Capacity);
    }

    public int Capacity { get; }

    /// <summary>Calls running now (for metrics and tests).</summary>
    public int InFlight => Capacity - slots.CurrentCount;

    public Task WaitAsync(CancellationToken cancellationToken) => slots.WaitAsync(cancellationToken);

    public void Release() => slots.Release();

    public void Dispose() => slots.Dispose();
}
