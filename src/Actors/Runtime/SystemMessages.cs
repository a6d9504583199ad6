namespace ActorStudio.Actors.Runtime;

/// <summary>Delivered to a watcher when a watched actor has stopped. See <see cref="IActorContext.Watch"/>.</summary>
public sealed record Terminated(IActorRef Actor);

/// <summary>
/// A user message that stops the actor when it reaches the head of the mailbox (messages before it are handled,
/// messages after it go to dead letters). <see cref="IActorContext.Stop"/> instead stops after the current turn.
/// </summary>
public sealed record PoisonPill
{
    public static PoisonPill Instance { get; } = new();
}

/// <summary>Internal wake-up marker: tells an idle mailbox loop to look at its system queue.</summary>
internal sealed class SystemWakeUp
{
    public static SystemWakeUp Instance { get; } = new();
}

/// <summary>A timer tick in flight; dropped when its timer was cancelled or restarted meanwhile.</summary>
internal sealed record TimerTick(object Key, long Generation, object Message);
