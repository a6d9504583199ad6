using System.Threading.Tasks.Sources;

namespace ActorStudio.Actors.Runtime;

/// <summary>
/// The wake-up an idle mailbox loop awaits: a reusable, allocation-free awaitable. Only the writer that flips the
/// mailbox from idle to busy sets it, so it is set at most once per wait; its continuation always runs on the pool,
/// never inline on the writer's thread.
/// </summary>
internal sealed class MailboxSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    public void Reset() => _core.Reset();

    public void Set() => _core.SetResult(true);

    public ValueTask WaitAsync() => new(this, _core.Version);

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
