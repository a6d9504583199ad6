namespace ActorStudio.Actors.Runtime.Sharding;

public sealed record ShardRegionSettings
{
    /// <summary>An entity that received no message through the region for this long is passivated. Infinite = never.</summary>
    public TimeSpan PassivationIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often idle entities are looked for; null = a quarter of the idle timeout (at least 100 ms).</summary>
    public TimeSpan? IdleCheckInterval { get; init; }

    /// <summary>Messages kept per entity while it starts or passivates; beyond that they go to dead letters.</summary>
    public int MaxBufferedPerEntity { get; init; } = 10_000;
}
