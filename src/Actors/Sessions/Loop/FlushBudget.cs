namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>
/// Decides whether a turn's frames go out now or wait to share a frame with the next turns'. Every fan-out costs one
/// socket write per connection, so a busy session flushes at most once per <c>interval</c> (scaled with the audience),
/// after a small burst: an idle or moderately active session always has a token and flushes at once (no added
/// latency), a session flooded with commands turns many commands into one frame per connection.
/// A token bucket over a monotonic timestamp; plain state of the loop (one thread).
/// </summary>
internal sealed class FlushBudget(SessionSettings settings, TimeProvider time)
{
    private double tokens = Math.Max(1, settings.FlushBurst);
    private long refilledAt = time.GetTimestamp();

    /// <summary>The least time between two flushes of a busy session with <paramref name="connections"/> sockets.</summary>
    public TimeSpan IntervalFor(int connections)
    {
        var scaled = settings.BusyFlushDelayPerConnection * connections;
        return scaled < settings.MaxBusyFlushDelay ? scaled : settings.MaxBusyFlushDelay;
    }

    /// <summary>Takes a token when one is there (flush now); otherwise returns false and how long until the next.</summary>
    public bool TryTake(int connections, out TimeSpan wait)
    {
        var interval = IntervalFor(connections);
        Refill(interval);
        if (interval <= TimeSpan.Zero || tokens >= 1)
        {
            tokens = Math.Max(0, tokens - 1);
            wait = TimeSpan.Zero;
            return true;
        }

        wait = interval * (1 - tokens);
        if (wait < TimeSpan.FromMilliseconds(1))
        {
            wait = TimeSpan.FromMilliseconds(1);
        }

        return false;
    }

    /// <summary>A flush that had to happen anyway (held frames due, a welcome, a kick) still uses up budget.</summary>
    public void Spend(int connections)
    {
        Refill(IntervalFor(connections));
        tokens = Math.Max(0, tokens - 1);
    }

    private void Refill(TimeSpan interval)
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(refilledAt, now);
        refilledAt = now;
        var burst = Math.Max(1, settings.FlushBurst);
        tokens = interval <= TimeSpan.Zero ? burst : Math.Min(burst, tokens + (elapsed / interval));
    }
}
