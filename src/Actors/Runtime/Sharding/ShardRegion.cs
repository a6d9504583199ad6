namespace ActorStudio.Actors.Runtime.Sharding;

/// <summary>
/// One entity per id, activated on demand, passivated when idle. Route with <see cref="Tell"/> / <see cref="Ask{T}"/>
/// (or tell a <see cref="ShardEnvelope"/> to <see cref="Ref"/>). Messages for an entity that is starting or
/// passivating are buffered and delivered, in order, to the next incarnation.
/// </summary>
public sealed class ShardRegion
{
    private ShardRegion(IActorRef regionRef, string typeName)
    {
        Ref = regionRef;
        TypeName = typeName;
    }

    public IActorRef Ref { get; }

    public string TypeName { get; }

    /// <summary>Starts a region actor <c>/user/shard-{typeName}</c>.</summary>
    /// <param name="entityProps">Props of one entity; called for every incarnation.</param>
    public static ShardRegion Start(ActorSystem system, string typeName, Func<EntityStart, Props> entityProps,
        IShardPlacement? placement = null, ShardRegionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(entityProps);
        var resolvedSettings = settings ?? new ShardRegionSettings();
        var resolvedPlacement = placement ?? new LocalShardPlacement();
        var regionRef = system.ActorOf(
            Props.Create(() => new ShardRegionActor(entityProps, resolvedPlacement, resolvedSettings)),
            "shard-" + typeName);
        return new ShardRegion(regionRef, typeName);
    }

    public bool Tell(string entityId, object message, IActorRef? sender = null) =>
        Ref.Tell(new ShardEnvelope(entityId, message), sender);

    public Task<T> Ask<T>(string entityId, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Ref.Ask<T>(new ShardEnvelope(entityId, message), timeout, cancellationToken);

    /// <summary>Stops <paramref name="entityId"/> if it is live here (see <see cref="StopEntity"/>).</summary>
    public bool Stop(string entityId, bool immediately) => Ref.Tell(new StopEntity(entityId, immediately));

    public async Task<IReadOnlyList<string>> GetLiveEntityIdsAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var live = await Ref.Ask<LiveEntities>(GetLiveEntities.Instance, timeout, cancellationToken).ConfigureAwait(false);
        return live.EntityIds;
    }
}
