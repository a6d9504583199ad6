namespace ActorStudio.Node.Hosting;

/// <summary>
/// One dependency <c>/readyz</c> must find working before the node takes traffic (journal, blob storage...).
/// Register with <see cref="ReadinessServiceCollectionExtensions.AddReadinessCheck{TCheck}"/>.
/// A check that throws or outlives <see cref="StudioOptions.ReadinessTimeout"/> counts as not ready.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>Short stable name shown in <c>/readyz</c> answers, e.g. <c>journal</c>.</summary>
    string Name { get; }

    Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken);
}
