namespace ActorStudio.Actors.Runtime;

/// <summary>The parent of all top-level actors. It handles nothing; failures escalated to it just stop the child.</summary>
internal sealed class GuardianActor : Actor
{
    protected override ValueTask OnReceiveAsync(object message) => ValueTask.CompletedTask;
}
