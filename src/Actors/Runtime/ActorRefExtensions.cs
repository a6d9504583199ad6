namespace ActorStudio.Actors.Runtime;

/// <summary>Request/response on top of <see cref="IActorRef.Tell"/>.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply-to ref and waits for the first reply.
    /// A reply of <see cref="StatusFailure"/> is rethrown as its exception. Throws <see cref="AskTimeoutException"/>
    /// after <paramref name="timeout"/>, <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// fires, <see cref="ActorNotAvailableException"/> when the target is stopped or its mailbox is full,
    /// and <see cref="InvalidCastException"/> when the reply is not a <typeparamref name="T"/>.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var timeProvider = target is ActorCell cell ? cell.System.TimeProvider : TimeProvider.System;
        var promise = new AskPromise<T>(target, message, timeout, timeProvider, cancellationToken);
        return promise.Start();
    }
}
