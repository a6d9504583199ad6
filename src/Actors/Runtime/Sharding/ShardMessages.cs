namespace ActorStudio.Actors.Runtime.Sharding;

/// <summary>A message for the entity <see cref="EntityId"/>; the region activates the entity if needed.</summary>
public sealed record ShardEnvelope(string EntityId, object Message);

/// <summary>
/// An entity sends this to its parent (<c>Context.Parent</c>, the region) to be stopped gracefully: the region sends
/// it a <see cref="PoisonPill"/>, buffers new messages meanwhile and hands them to the next incarnation.
/// </summary>
public sealed record Passivate
{
    public static Passivate Instance { get; } = new();
}

/// <summary>
/// Stops one entity from outside (the cluster's step-down and hand-off). <see cref="Immediately"/> false: a poison
/// pill, so what is already in its mailbox is handled first; true: stopped now (it lost its lease and must not write).
/// Messages arriving afterwards start a new placement, which redirects them if another node owns the entity now.
/// </summary>
public sealed record StopEntity(string EntityId, bool Immediately);

/// <summary>Ask the region which entities are live; the reply is <see cref="LiveEntities"/>.</summary>
public sealed record GetLiveEntities
{
    public static GetLiveEntities Instance { get; } = new();
}

public sealed record LiveEntities(IReadOnlyList<string> EntityIds);

/// <summary>Reply sent to the sender of a message whose entity is owned by another node.</summary>
public sealed record ShardRedirect(string EntityId, string? OwnerNodeId, string? OwnerAddress);

/// <summary>What an entity's Props factory is given: its id and the writer epoch granted by the placement.</summary>
public sealed record EntityStart(string EntityId, long WriterEpoch);

/// <summary>Internal: the placement answered for an entity.</summary>
internal sealed record PlacementResolved(string EntityId, PlacementDecision? Decision, Exception? Error);

/// <summary>Internal: periodic idle sweep.</summary>
internal sealed record PassivateIdleEntities
{
    public static PassivateIdleEntities Instance { get; } = new();
}
