namespace ActorStudio.Actors.Runtime;

/// <summary>The temporary reply-to ref behind <see cref="ActorRefExtensions.Ask{T}"/>: completes on the first reply.</summary>
internal sealed class AskPromise<T> : IActorRef, IDeadLetterAware
{
    private readonly IActorRef _target;
    private readonly object _message;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _timeoutSource;
    private CancellationTokenRegistration _registration;

    public AskPromise(IActorRef target, object message, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _target = target;
        _message = message;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _cancellationToken = cancellationToken;
        Path = target.Path.Child("$ask");
    }

    public ActorPath Path { get; }

    public Task<T> Start()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(_cancellationToken);
        }

        if (_timeout != Timeout.InfiniteTimeSpan)
        {
            _timeoutSource = new CancellationTokenSource(_timeout, _timeProvider);
            _timeoutSource.Token.UnsafeRegister(static s => ((AskPromise<T>)s!).Fail(
                new AskTimeoutException($"Ask to {((AskPromise<T>)s!)._target.Path} timed out after {((AskPromise<T>)s!)._timeout}.")), this);
        }

        if (_cancellationToken.CanBeCanceled)
        {
            _registration = _cancellationToken.UnsafeRegister(static s =>
            {
                var self = (AskPromise<T>)s!;
                if (self._completion.TrySetCanceled(self._cancellationToken))
                {
                    self.Cleanup();
                }
            }, this);
        }

        if (!_target.Tell(_message, this))
        {
            Fail(new ActorNotAvailableException($"Ask to {_target.Path} failed: the actor is stopped or its mailbox is full."));
        }

        return _completion.Task;
    }

    public bool Tell(object message, IActorRef? sender = null)
    {
        bool done = message switch
        {
            StatusFailure failure => _completion.TrySetException(failure.Cause),
            T reply => _completion.TrySetResult(reply),
            _ => _completion.TrySetException(new InvalidCastException(
                $"Ask to {_target.Path} expected {typeof(T).Name} but got {message.GetType().Name}.")),
        };
        if (done)
        {
            Cleanup();
        }

        return done;
    }

    void IDeadLetterAware.OnDeadLetter(object message) =>
        Fail(new ActorNotAvailableException($"Ask to {_target.Path} failed: the message {message.GetType().Name} went to dead letters."));

    private void Fail(Exception error)
    {
        if (_completion.TrySetException(error))
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        _registration.Dispose();
        _timeoutSource?.Dispose();
    }
}
