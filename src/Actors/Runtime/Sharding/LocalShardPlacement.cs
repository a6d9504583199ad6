namespace ActorStudio.Actors.Runtime.Sharding;

/// <summary>Single-node placement: every entity lives here, writer epoch 0.</summary>
public sealed class LocalShardPlacement : IShardPlacement
{
    public ValueTask<PlacementDecision> PlaceAsync(string entityId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(PlacementDecision.Local());

    public ValueTask ReleaseAsync(string entityId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
