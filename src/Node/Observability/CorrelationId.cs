namespace ActorStudio.Node.Observability;

/// <summary>The correlation id of the current request or WebSocket, as set by <see cref="CorrelationIdMiddleware"/>.</summary>
public interface ICorrelationIdFeature
{
    string CorrelationId { get; }
}

internal sealed record CorrelationIdFeature(string CorrelationId) : ICorrelationIdFeature;
