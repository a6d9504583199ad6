namespace ActorStudio.Actors.Runtime;

/// <summary>
/// How to create an actor: a factory (called again on every restart, so it must return a FRESH instance) plus
/// per-actor mailbox settings and the strategy this actor applies to its CHILDREN.
/// </summary>
public sealed record Props
{
    private Props(Func<Actor> factory) => Factory = factory;

    public Func<Actor> Factory { get; }

    /// <summary>Mailbox bound; null = <see cref="ActorSystemSettings.DefaultMailboxCapacity"/>.</summary>
    public int? MailboxCapacity { get; init; }

    /// <summary>Most messages handed to one <see cref="Actor.OnReceiveBatchAsync"/> call; null = system default.</summary>
    public int? MaxBatchSize { get; init; }

    /// <summary>Decides what happens to this actor's children when they fail; null = system default.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; init; }

    public static Props Create<TActor>(Func<TActor> factory) where TActor : Actor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory);
    }

    public static Props Create<TActor>() where TActor : Actor, new() => new(static () => new TActor());

    public Props WithMailboxCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return this with { MailboxCapacity = capacity };
    }

    public Props WithMaxBatchSize(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        return this with { MaxBatchSize = maxBatchSize };
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => this with { SupervisorStrategy = strategy };
}
