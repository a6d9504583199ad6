namespace ActorStudio.Node.Hosting;

/// <summary>One check's line in a <c>/readyz</c> answer.</summary>
public sealed record ReadinessCheckOutcome(string Name, bool Ready, string? Detail, double DurationMs);
