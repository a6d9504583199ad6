using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Runtime;

/// <summary>
/// The runtime side of one actor: its mailbox, its run loop, its children, watchers, timers and supervision.
/// The mailbox is a lock-free <see cref="ConcurrentQueue{T}"/> with a counted bound and an idle flag: a writer only
/// pays for the wake-up when it finds the loop idle. (System.Threading.Channels was the first design, but every
/// channel write takes a lock, which capped two-actor Tell at ~3M msg/s on two cores.) One async loop per actor
/// drains it: no message is handled before the previous turn's task completed, so handlers never run concurrently.
/// </summary>
internal sealed class ActorCell : IActorRef, IActorContext
{
    private readonly Props _props;
    private readonly ActorCell? _parent;
    private readonly ConcurrentQueue<Envelope> _mailbox = new();
    private readonly MailboxSignal _signal = new();
    private readonly int _capacity;
    private readonly Envelope[] _batch;
    private readonly bool _isGuardian;
    private readonly ConcurrentDictionary<string, ActorCell> _children = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ActorEscalationException> _escalations = new();
    private readonly Lock _watchLock = new();
    private readonly HashSet<IActorRef> _watchers = [];
    private readonly HashSet<IActorRef> _watching = [];
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimerScheduler _timers;
    private Actor? _actor;
    private bool _usesBatch;
    private bool _instanceStarted;
    private int _queued;
    private int _idle;
    private volatile bool _stopRequested;
    private volatile bool _closed;
    private bool _isTerminated;
    private long _nameCounter;
    private int _restartsInWindow;
    private DateTimeOffset _windowStart;

    public ActorCell(ActorSystem system, ActorCell? parent, ActorPath path, Props props, bool isGuardian = false)
    {
        System = system;
        _parent = parent;
        Path = path;
        _props = props;
        _isGuardian = isGuardian;
        _capacity = props.MailboxCapacity ?? system.Settings.DefaultMailboxCapacity;
        _batch = new Envelope[props.MaxBatchSize ?? system.Settings.DefaultMaxBatchSize];
        _timers = new TimerScheduler(this, system.TimeProvider);
        Logger = system.LoggerFactory.CreateLogger("ActorStudio.Actors." + path.Name);
    }

    public ActorSystem System { get; }

    public ActorPath Path { get; }

    public IActorRef Self => this;

    public IActorRef? Sender => CurrentSender;

    public IActorRef? CurrentSender { get; set; }

    public IActorRef Parent => (IActorRef?)_parent ?? this;

    public IReadOnlyCollection<IActorRef> Children => [.. _children.Values];

    public ITimerScheduler Timers => _timers;

    public ILogger Logger { get; }

    public Task Termination => _terminated.Task;

    public bool IsTerminated => _closed;

    public bool Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_closed)
        {
            System.DeadLetter(this, message, sender);
            return false;
        }

        if (Interlocked.Increment(ref _queued) > _capacity)
        {
            Interlocked.Decrement(ref _queued);
            System.DeadLetter(this, message, sender, mailboxFull: true);
            return false;
        }

        _mailbox.Enqueue(new Envelope(message, sender));
        WakeIfIdle();
        return true;
    }

    private void WakeIfIdle()
    {
        if (Volatile.Read(ref _idle) == 1 && Interlocked.Exchange(ref _idle, 0) == 1)
        {
            _signal.Set();
        }
    }

    /// <summary>Enqueues a runtime message past the bound (timer ticks, watch notifications, wake-ups).</summary>
    public void PostSystem(object message, IActorRef? sender)
    {
        if (_closed)
        {
            return;
        }

        Interlocked.Increment(ref _queued);
        _mailbox.Enqueue(new Envelope(message, sender));
        WakeIfIdle();
    }

    public void Start() => _ = Task.Run(RunAsync);

    public void RequestStop()
    {
        if (_stopRequested)
        {
            return;
        }

        _stopRequested = true;
        _stopping.Cancel();
        PostSystem(SystemWakeUp.Instance, null);
    }

    public IActorRef ActorOf(Props props, string? name = null) => CreateChild(props, name);

    public ActorCell CreateChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (_stopRequested || _closed)
        {
            throw new InvalidOperationException($"{Path} is stopping and cannot create children.");
        }

        name ??= "$" + Interlocked.Increment(ref _nameCounter).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid actor name '{name}': it must be non-empty and contain no '/'.", nameof(name));
        }

        var child = new ActorCell(System, this, Path.Child(name), props);
        if (!_children.TryAdd(name, child))
        {
            throw new InvalidOperationException($"{Path} already has a live child named '{name}'.");
        }

        child.Start();
        return child;
    }

    public IActorRef? Child(string name) => _children.TryGetValue(name, out var child) ? child : null;

    public void Stop(IActorRef actor)
    {
        if (actor is ActorCell cell)
        {
            cell.RequestStop();
        }
        else
        {
            throw new NotSupportedException($"Only local actors can be stopped; {actor.Path} is a {actor.GetType().Name}.");
        }
    }

    public void Watch(IActorRef actor)
    {
        if (actor is not ActorCell target)
        {
            throw new NotSupportedException($"Only local actors can be watched; {actor.Path} is a {actor.GetType().Name}.");
        }

        if (_watching.Add(target))
        {
            target.AddWatcher(this);
        }
    }

    public void Unwatch(IActorRef actor)
    {
        if (actor is ActorCell target && _watching.Remove(target))
        {
            target.RemoveWatcher(this);
        }
    }

    /// <summary>Registers any ref (actor or test probe) to be told when this actor stops.</summary>
    public void AddWatcher(IActorRef watcher)
    {
        lock (_watchLock)
        {
            if (!_isTerminated)
            {
                _watchers.Add(watcher);
                return;
            }
        }

        NotifyWatcher(watcher);
    }

    public void RemoveWatcher(IActorRef watcher)
    {
        lock (_watchLock)
        {
            _watchers.Remove(watcher);
        }
    }

    private void NotifyWatcher(IActorRef watcher)
    {
        if (watcher is ActorCell cell)
        {
            cell.PostSystem(new DeathWatchNotification(this), this);
        }
        else
        {
            watcher.Tell(new Terminated(this), this);
        }
    }

    private void OnChildEscalated(ActorCell child, Exception cause)
    {
        _escalations.Enqueue(new ActorEscalationException(child.Path, cause));
        PostSystem(SystemWakeUp.Instance, null);
    }

    private async Task RunAsync()
    {
        try
        {
            if (await StartInstanceAsync().ConfigureAwait(false))
            {
                await ProcessMailboxAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            // Only a bug in the runtime itself lands here; the actor still terminates cleanly below.
            Logger.LogCritical(error, "Actor {ActorPath} run loop crashed", Path);
        }
        finally
        {
            await FinishStopAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> StartInstanceAsync()
    {
        if (_stopRequested)
        {
            return false;
        }

        Actor instance;
        try
        {
            instance = _props.Factory() ?? throw new ActorInitializationException(Path, "the Props factory returned null");
        }
        catch (Exception error) when (error is not ActorInitializationException)
        {
            return await HandleFailureAsync(new ActorInitializationException(Path, "the Props factory threw", error)).ConfigureAwait(false);
        }
        catch (ActorInitializationException error)
        {
            return await HandleFailureAsync(error).ConfigureAwait(false);
        }

        instance.Attach(this);
        _actor = instance;
        _usesBatch = System.OverridesBatch(instance.GetType());
        _instanceStarted = true;
        try
        {
            await instance.StartAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception error)
        {
            return await HandleFailureAsync(error).ConfigureAwait(false);
        }
    }

    private async Task ProcessMailboxAsync()
    {
        var throughput = System.Settings.ThroughputBeforeYield;
        var sinceYield = 0;
        while (true)
        {
            if (_stopRequested)
            {
                return;
            }

            if (_escalations.TryDequeue(out var escalation))
            {
                if (!await HandleFailureAsync(escalation).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var count = 0;
            var dequeued = 0;
            var poisoned = false;
            while (count < _batch.Length && _mailbox.TryDequeue(out var envelope))
            {
                dequeued++;
                switch (envelope.Message)
                {
                    case SystemWakeUp:
                        continue;
                    case TimerTick tick:
                        if (!_timers.Accept(tick, out var timed))
                        {
                            continue;
                        }

                        envelope = new Envelope(timed, null);
                        break;
                    case DeathWatchNotification notification:
                        if (!_watching.Remove(notification.Actor))
                        {
                            continue;
                        }

                        envelope = new Envelope(new Terminated(notification.Actor), notification.Actor);
                        break;
                    case PoisonPill:
                        poisoned = true;
                        break;
                }

                if (poisoned)
                {
                    break;
                }

                _batch[count++] = envelope;
            }

            if (dequeued > 0)
            {
                Interlocked.Add(ref _queued, -dequeued);
            }

            if (count == 0)
            {
                if (poisoned)
                {
                    return;
                }

                if (_stopRequested || !_escalations.IsEmpty)
                {
                    continue;
                }

                // Go idle, then look again: a writer that enqueued before seeing the flag will not wake us.
                _signal.Reset();
                Volatile.Write(ref _idle, 1);
                if (!_mailbox.IsEmpty && Interlocked.Exchange(ref _idle, 0) == 1)
                {
                    continue;
                }

                await _signal.WaitAsync().ConfigureAwait(false);
                sinceYield = 0;
                continue;
            }

            var keepRunning = _usesBatch
                ? await InvokeBatchAsync(count).ConfigureAwait(false)
                : await InvokeEachAsync(count).ConfigureAwait(false);
            Array.Clear(_batch, 0, count);
            if (!keepRunning || poisoned)
            {
                return;
            }

            sinceYield += count;
            if (sinceYield >= throughput)
            {
                sinceYield = 0;
                await Task.Yield();
            }
        }
    }

    private async ValueTask<bool> InvokeBatchAsync(int count)
    {
        try
        {
            await _actor!.InvokeBatchAsync(new ReadOnlyMemory<Envelope>(_batch, 0, count)).ConfigureAwait(false);
            return true;
        }
        catch (Exception error)
        {
            return await HandleFailureAsync(error).ConfigureAwait(false);
        }
        finally
        {
            CurrentSender = null;
        }
    }

    private async ValueTask<bool> InvokeEachAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var envelope = _batch[i];
            CurrentSender = envelope.Sender;
            try
            {
                var pending = _actor!.InvokeReceiveAsync(envelope.Message);
                if (!pending.IsCompletedSuccessfully)
                {
                    await pending.ConfigureAwait(false);
                }
            }
            catch (Exception error)
            {
                CurrentSender = null;
                if (!await HandleFailureAsync(error).ConfigureAwait(false))
                {
                    // Stopped: what is left of this batch goes to dead letters like the rest of the mailbox.
                    for (var j = i + 1; j < count; j++)
                    {
                        System.DeadLetter(this, _batch[j].Message, _batch[j].Sender);
                    }

                    return false;
                }
            }

            if (_stopRequested)
            {
                for (var j = i + 1; j < count; j++)
                {
                    System.DeadLetter(this, _batch[j].Message, _batch[j].Sender);
                }

                CurrentSender = null;
                return false;
            }
        }

        CurrentSender = null;
        return true;
    }

    /// <summary>Applies the supervisor strategy; returns true when the actor keeps running (resumed or restarted).</summary>
    private async ValueTask<bool> HandleFailureAsync(Exception error)
    {
        var strategy = _parent?._props.SupervisorStrategy ?? System.Settings.DefaultSupervisorStrategy;
        var directive = strategy.Decider(error);
        if (directive == SupervisorDirective.Restart)
        {
            var now = System.TimeProvider.GetUtcNow();
            if (_restartsInWindow == 0 || now - _windowStart > strategy.Window)
            {
                _windowStart = now;
                _restartsInWindow = 0;
            }

            _restartsInWindow++;
            if (_restartsInWindow > strategy.MaxRestarts)
            {
                Logger.LogError(error, "Supervisor: {ActorPath} failed {Restarts} times within {Window}; escalating", Path, _restartsInWindow, strategy.Window);
                directive = SupervisorDirective.Escalate;
            }
        }

        switch (directive)
        {
            case SupervisorDirective.Resume:
                Logger.LogWarning(error, "Supervisor: {ActorPath} failed; resuming with its current state", Path);
                return true;
            case SupervisorDirective.Stop:
                Logger.LogError(error, "Supervisor: {ActorPath} failed; stopping", Path);
                return false;
            case SupervisorDirective.Escalate:
                Logger.LogError(error, "Supervisor: {ActorPath} failed; stopping and escalating to {ParentPath}", Path, _parent?.Path);
                if (_parent is { _isGuardian: false } parent)
                {
                    parent.OnChildEscalated(this, error);
                }

                return false;
            default:
                var backoff = strategy.BackoffFor(_restartsInWindow);
                Logger.LogWarning(error, "Supervisor: {ActorPath} failed; restart {Restart} after {Backoff}", Path, _restartsInWindow, backoff);
                return await RestartAsync(error, backoff).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> RestartAsync(Exception reason, TimeSpan backoff)
    {
        var old = _actor;
        if (old is not null && _instanceStarted)
        {
            try
            {
                await old.InvokePreRestartAsync(reason).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Logger.LogError(error, "Actor {ActorPath} PreRestart threw; continuing the restart", Path);
            }
        }

        await StopChildrenAsync().ConfigureAwait(false);
        _timers.CancelAll();
        await RunPostStopAsync().ConfigureAwait(false);
        _actor = null;
        _instanceStarted = false;
        if (backoff > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(backoff, System.TimeProvider, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return await StartInstanceAsync().ConfigureAwait(false);
    }

    private async ValueTask RunPostStopAsync()
    {
        if (_actor is null || !_instanceStarted)
        {
            return;
        }

        try
        {
            await _actor.InvokePostStopAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Logger.LogError(error, "Actor {ActorPath} PostStop threw", Path);
        }
    }

    private async ValueTask StopChildrenAsync()
    {
        if (_children.IsEmpty)
        {
            return;
        }

        var children = _children.Values.ToArray();
        foreach (var child in children)
        {
            child.RequestStop();
        }

        foreach (var child in children)
        {
            await child.Termination.ConfigureAwait(false);
        }
    }

    private async Task FinishStopAsync()
    {
        _stopRequested = true;
        _closed = true;
        await StopChildrenAsync().ConfigureAwait(false);
        _timers.CancelAll();
        await RunPostStopAsync().ConfigureAwait(false);
        _actor = null;
        while (_mailbox.TryDequeue(out var envelope))
        {
            if (envelope.Message is not (SystemWakeUp or TimerTick or DeathWatchNotification))
            {
                System.DeadLetter(this, envelope.Message, envelope.Sender);
            }
        }

        // Free the name first: a watcher (e.g. a shard region) may recreate a child with the same name on Terminated.
        _parent?._children.TryRemove(new KeyValuePair<string, ActorCell>(Path.Name, this));
        IActorRef[] watchers;
        lock (_watchLock)
        {
            _isTerminated = true;
            watchers = [.. _watchers];
            _watchers.Clear();
        }

        foreach (var watcher in watchers)
        {
            NotifyWatcher(watcher);
        }

        foreach (var watched in _watching)
        {
            if (watched is ActorCell cell)
            {
                cell.RemoveWatcher(this);
            }
        }

        _watching.Clear();
        Logger.LogDebug("Actor {ActorPath} stopped", Path);
        _terminated.TrySetResult();
    }

    public override string ToString() => Path.ToString();
}
