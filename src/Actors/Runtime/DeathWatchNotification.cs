namespace ActorStudio.Actors.Runtime;

/// <summary>Internal: a watched actor stopped. Becomes <see cref="Terminated"/> unless the watcher unwatched meanwhile.</summary>
internal sealed record DeathWatchNotification(IActorRef Actor);
