namespace ActorStudio.Actors.Runtime;

/// <summary>A sender that wants to know when its message was dropped (asks fail fast instead of timing out).</summary>
internal interface IDeadLetterAware
{
    void OnDeadLetter(object message);
}
