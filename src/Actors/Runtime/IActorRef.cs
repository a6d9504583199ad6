namespace ActorStudio.Actors.Runtime;

/// <summary>
/// A handle to an actor. Thread-safe; cheap to copy; the only way to talk to an actor.
/// </summary>
public interface IActorRef
{
    /// <summary>Where the actor lives in the hierarchy, e.g. <c>actorstudio://studio/user/sessions/abc</c>.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Fire-and-forget send. Returns <c>false</c> when the message was NOT enqueued because the mailbox is full
    /// (overflow policy: the message goes to dead letters and <see cref="ActorSystem.DeadLetterCount"/> grows) or the
    /// actor has stopped. Never blocks.
    /// </summary>
    bool Tell(object message, IActorRef? sender = null);
}
