using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Actors.Runtime;

/// <summary>System-wide defaults. Every value can be overridden per actor through <see cref="Props"/>.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>
    /// Default mailbox bound. Overflow policy: <see cref="IActorRef.Tell"/> returns false, the message goes to dead
    /// letters (logged at debug, counted in <see cref="ActorSystem.DeadLetterCount"/>), an Ask fails at once.
    /// System messages (stop, watch notifications, timer ticks) bypass the bound.
    /// </summary>
    public int DefaultMailboxCapacity { get; init; } = 100_000;

    /// <summary>Default cap on messages handed to one batch turn.</summary>
    public int DefaultMaxBatchSize { get; init; } = 256;

    /// <summary>
    /// Messages an actor handles before it yields its thread back to the pool, so one busy actor cannot starve
    /// the others sharing the two cores.
    /// </summary>
    public int ThroughputBeforeYield { get; init; } = 4_096;

    /// <summary>Strategy for top-level actors and for actors whose Props name none.</summary>
    public SupervisorStrategy DefaultSupervisorStrategy { get; init; } = SupervisorStrategy.Default;

    /// <summary>Journal, snapshot store and serializer used by <see cref="PersistentActor"/>; in-memory by default.</summary>
    public PersistenceSettings Persistence { get; init; } = PersistenceSettings.InMemory();
}
