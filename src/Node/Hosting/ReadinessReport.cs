namespace ActorStudio.Node.Hosting;

/// <summary>Everything <c>/readyz</c> found; ready only when every check is and the node is not shutting down.</summary>
public sealed record ReadinessReport(bool Ready, bool ShuttingDown, IReadOnlyList<ReadinessCheckOutcome> Checks);
