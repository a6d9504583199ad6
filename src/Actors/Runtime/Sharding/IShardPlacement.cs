namespace ActorStudio.Actors.Runtime.Sharding;

/// <summary>
/// Decides where an entity lives. Single node: <see cref="LocalShardPlacement"/> (always here, epoch 0). The cluster
/// issue puts PostgreSQL leases behind it: <see cref="PlaceAsync"/> takes or checks the lease and returns its epoch,
/// <see cref="ReleaseAsync"/> gives it up after passivation.
/// </summary>
public interface IShardPlacement
{
    /// <summary>May this node host <paramref name="entityId"/> now? If not, who owns it.</summary>
    ValueTask<PlacementDecision> PlaceAsync(string entityId, CancellationToken cancellationToken);

    /// <summary>The entity was passivated or stopped here.</summary>
    ValueTask ReleaseAsync(string entityId, CancellationToken cancellationToken);
}

/// <param name="IsLocal">True: activate here with <paramref name="WriterEpoch"/>. False: redirect to the owner.</param>
public sealed record PlacementDecision(bool IsLocal, long WriterEpoch, string? OwnerNodeId = null, string? OwnerAddress = null)
{
    public static PlacementDecision Local(long writerEpoch = 0) => new(true, writerEpoch);

    public static PlacementDecision Remote(string ownerNodeId, string? ownerAddress) => new(false, 0, ownerNodeId, ownerAddress);
}
