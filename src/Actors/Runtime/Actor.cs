using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Runtime;

/// <summary>
/// Base class of every actor. The runtime guarantees ONE logical thread per actor: a turn (one
/// <see cref="OnReceiveBatchAsync"/> call, which by default calls <see cref="OnReceiveAsync"/> once per message)
/// finishes — including every await inside it — before the next turn starts. So actor state needs no locks.
/// </summary>
public abstract class Actor
{
    private ActorCell? _cell;

    /// <summary>The actor's context; valid from <see cref="PreStartAsync"/> on.</summary>
    protected IActorContext Context => _cell ?? throw new InvalidOperationException("An actor's Context is available only once the runtime has created it (not in its constructor).");

    protected IActorRef Self => Context.Self;

    /// <summary>Sender of the message being handled by <see cref="OnReceiveAsync"/>.</summary>
    protected IActorRef? Sender => Context.Sender;

    protected ITimerScheduler Timers => Context.Timers;

    protected ILogger Logger => Context.Logger;

    internal ActorCell Cell => _cell!;

    internal void Attach(ActorCell cell) => _cell = cell;

    /// <summary>Handles one message. Exceptions go to the supervisor (see <see cref="SupervisorStrategy"/>).</summary>
    protected abstract ValueTask OnReceiveAsync(object message);

    /// <summary>
    /// The game-loop hook. The runtime drains up to <see cref="Props.MaxBatchSize"/> waiting messages (at least one)
    /// and hands them over in ONE call, so an actor can validate them all, persist the whole turn with ONE
    /// <see cref="PersistentActor.PersistAllAsync"/> call, and flush once. The batch grows by itself when the actor is
    /// busy and is a single message when it is idle, so latency stays low either way.
    /// The memory is only valid during the call (the runtime reuses it); copy what you keep.
    /// Default: <see cref="OnReceiveAsync"/> for each message in order, with <see cref="Sender"/> set accordingly.
    /// <see cref="Terminated"/> and timer messages can appear in the batch like any other message.
    /// If the call throws, the supervisor sees one failure for the whole batch.
    /// </summary>
    protected virtual async ValueTask OnReceiveBatchAsync(ReadOnlyMemory<Envelope> batch)
    {
        for (var i = 0; i < batch.Length; i++)
        {
            var envelope = batch.Span[i];
            Cell.CurrentSender = envelope.Sender;
            await OnReceiveAsync(envelope.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Called before the first message (and again after every restart, on the fresh instance).</summary>
    protected virtual ValueTask PreStartAsync() => ValueTask.CompletedTask;

    /// <summary>Called once the actor has stopped processing messages (also on the old instance before a restart).</summary>
    protected virtual ValueTask PostStopAsync() => ValueTask.CompletedTask;

    /// <summary>Called on the failed instance before it is replaced. Default: nothing (PostStop is called after it).</summary>
    protected virtual ValueTask PreRestartAsync(Exception reason) => ValueTask.CompletedTask;

    internal ValueTask InvokeReceiveAsync(object message) => OnReceiveAsync(message);

    internal ValueTask InvokeBatchAsync(ReadOnlyMemory<Envelope> batch) => OnReceiveBatchAsync(batch);

    internal ValueTask InvokePostStopAsync() => PostStopAsync();

    internal ValueTask InvokePreRestartAsync(Exception reason) => PreRestartAsync(reason);

    /// <summary>Runtime hook around <see cref="PreStartAsync"/>: persistent actors recover their state here first.</summary>
    internal virtual ValueTask StartAsync() => PreStartAsync();
}
