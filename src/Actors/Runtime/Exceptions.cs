namespace ActorStudio.Actors.Runtime;

/// <summary>An ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>The target actor is stopped or refused the message (mailbox full).</summary>
public sealed class ActorNotAvailableException(string message) : Exception(message);

/// <summary>A child escalated a failure its supervisor strategy could not handle.</summary>
public sealed class ActorEscalationException(ActorPath child, Exception cause)
    : Exception($"Child {child} escalated: {cause.Message}", cause)
{
    public ActorPath Child { get; } = child;
}

/// <summary>An actor could not be created (its factory threw or returned null).</summary>
public sealed class ActorInitializationException(ActorPath path, string message, Exception? inner = null)
    : Exception($"{path}: {message}", inner);
