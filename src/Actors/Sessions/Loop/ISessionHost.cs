using ActorStudio.Actors.Runtime;

namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>What the session loop needs from the actor that runs it: timers, replies, its own context.</summary>
public interface ISessionHost
{
    /// <summary>Delivers <paramref name="message"/> to the session itself after <paramref name="delay"/>; a key in use is replaced.</summary>
    void StartTimer(object key, object message, TimeSpan delay);

    void CancelTimer(object key);

    void Reply(IActorRef to, object message);

    /// <summary>The actor's context, for features that start children (generation) or watch actors.</summary>
    IActorContext Context { get; }
}
