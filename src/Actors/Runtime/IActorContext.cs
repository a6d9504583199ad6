using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Runtime;

/// <summary>An actor's view of itself and its surroundings. Use it only from inside the actor's own handlers.</summary>
public interface IActorContext
{
    ActorSystem System { get; }

    IActorRef Self { get; }

    /// <summary>Sender of the message being handled (null when sent from outside any actor).</summary>
    IActorRef? Sender { get; }

    /// <summary>The parent; top-level actors have the system's user guardian.</summary>
    IActorRef Parent { get; }

    IReadOnlyCollection<IActorRef> Children { get; }

    ITimerScheduler Timers { get; }

    ILogger Logger { get; }

    /// <summary>Creates a child. Names must be unique among live siblings; null picks one.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    IActorRef? Child(string name);

    /// <summary>
    /// Stops <paramref name="actor"/> (self or a child) after its current turn; remaining mailbox messages go to
    /// dead letters. Children stop before their parent finishes stopping.
    /// </summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> to this actor when <paramref name="actor"/> stops (at once if it already has).</summary>
    void Watch(IActorRef actor);

    void Unwatch(IActorRef actor);
}
