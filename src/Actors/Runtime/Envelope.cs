namespace ActorStudio.Actors.Runtime;

/// <summary>A message as it sits in a mailbox: the payload and who sent it (null when sent from outside any actor).</summary>
public readonly record struct Envelope(object Message, IActorRef? Sender);
