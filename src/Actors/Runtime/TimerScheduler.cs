namespace ActorStudio.Actors.Runtime;

/// <summary>
/// Timers of one actor. Start/Cancel/Accept run on the actor's own logical thread, so the table needs no lock; the
/// timer callbacks only post a <see cref="TimerTick"/> stamped with a generation, and stale generations are dropped.
/// </summary>
internal sealed class TimerScheduler(ActorCell owner, TimeProvider timeProvider) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>True when the tick belongs to a live timer; single timers are removed on their tick.</summary>
    public bool Accept(TimerTick tick, out object message)
    {
        message = tick.Message;
        if (!_timers.TryGetValue(tick.Key, out var entry) || entry.Generation != tick.Generation)
        {
            return false;
        }

        if (!entry.Periodic)
        {
            _timers.Remove(tick.Key);
            entry.Timer.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        if (period != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        }

        Cancel(key);
        var generation = ++_generation;
        var tick = new TimerTick(key, generation, message);
        var timer = timeProvider.CreateTimer(static state =>
        {
            var (cell, t) = ((ActorCell, TimerTick))state!;
            cell.PostSystem(t, null);
        }, (owner, tick), dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime, period);
        _timers[key] = new Entry(timer, generation, period != Timeout.InfiniteTimeSpan);
    }

    private sealed record Entry(ITimer Timer, long Generation, bool Periodic);
}
