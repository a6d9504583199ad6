using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Actors.Runtime;

/// <summary>What a supervisor does with a failed child.</summary>
public enum SupervisorDirective
{
    /// <summary>Keep the instance and its state; drop the failing message.</summary>
    Resume,

    /// <summary>Throw the instance away and build a fresh one (persistent actors replay their journal), after a back-off.</summary>
    Restart,

    /// <summary>Stop the actor for good.</summary>
    Stop,

    /// <summary>Stop the actor and fail its parent with <see cref="ActorEscalationException"/>.</summary>
    Escalate,
}

/// <summary>
/// The ONE place where failure handling is decided. A failing handler is classified by <see cref="Decider"/>;
/// a Restart is delayed by an exponential back-off (<see cref="MinBackoff"/> doubling up to <see cref="MaxBackoff"/>),
/// and more than <see cref="MaxRestarts"/> restarts within <see cref="Window"/> turn into an Escalate.
/// Every decision is logged with the actor's path.
/// </summary>
public sealed record SupervisorStrategy
{
    public static SupervisorStrategy Default { get; } = new();

    public int MaxRestarts { get; init; } = 10;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Default: a refused journal write (another writer owns the id, or our epoch is stale) stops the actor — a
    /// restart would only replay someone else's events and fight them; initialization errors stop; anything else restarts.
    /// </summary>
    public Func<Exception, SupervisorDirective> Decider { get; init; } = DefaultDecider;

    public static SupervisorDirective DefaultDecider(Exception error) => error switch
    {
        JournalRefusedException => SupervisorDirective.Stop,
        ActorInitializationException => SupervisorDirective.Stop,
        _ => SupervisorDirective.Restart,
    };

    /// <summary>Back-off before restart number <paramref name="restartNumber"/> (1-based) in the current window.</summary>
    public TimeSpan BackoffFor(int restartNumber)
    {
        var ticks = MinBackoff.Ticks;
        for (var i = 1; i < restartNumber && ticks < MaxBackoff.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, MaxBackoff.Ticks));
    }
}
