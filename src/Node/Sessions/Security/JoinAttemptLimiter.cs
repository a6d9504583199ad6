using ActorStudio.Actors.Sessions;

namespace ActorStudio.Node.Sessions.Security;

/// <summary>
/// Counts failed join attempts per client address and per session in a sliding one-minute window; once either
/// key reaches the limit, further attempts are refused (429) until the oldest failure leaves the window.
/// </summary>
public sealed class JoinAttemptLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly int limit;
    private DateTimeOffset lastSweep;

    public JoinAttemptLimiter(TimeProvider time, SessionSettings settings)
    {
        this.time = time;
        limit = settings.FailedJoinsPerMinute;
    }

    /// <summary>Null when the attempt may go ahead, else how long the client must wait.</summary>
    public TimeSpan? Check(string clientAddress, string sessionId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            Sweep(now);
            var byAddress = RetryAfter("a:" + clientAddress, now);
            var bySession = RetryAfter("s:" + sessionId, now);
            if (byAddress is null)
            {
                return bySession;
            }

            return bySession is null || byAddress > bySession ? byAddress : bySession;
        }
    }

    public void RecordFailure(string clientAddress, string sessionId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            Add("a:" + clientAddress, now);
            Add("s:" + sessionId, now);
        }
    }

    private TimeSpan? RetryAfter(string key, DateTimeOffset now)
    {
        if (!failures.TryGetValue(key, out var queue))
        {
            return null;
        }

        Trim(queue, now);
        if (queue.Count < limit)
        {
            return null;
        }

        var wait = queue.Peek() + Window - now;
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }

    private void Add(string key, DateTimeOffset now)
    {
        if (!failures.TryGetValue(key, out var queue))
        {
            queue = new Queue<DateTimeOffset>();
            failures[key] = queue;
        }

        Trim(queue, now);
        queue.Enqueue(now);
    }

    private static void Trim(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + Window <= now)
        {
            queue.Dequeue();
        }
    }

    // Keeps memory bounded when many addresses fail once and never come back.
    private void Sweep(DateTimeOffset now)
    {
        if (now - lastSweep < Window)
        {
            return;
        }

        lastSweep = now;
        List<string>? empty = null;
        foreach (var (key, queue) in failures)
        {
            Trim(queue, now);
            if (queue.Count == 0)
            {
                (empty ??= []).Add(key);
            }
        }

        if (empty is not null)
        {
            foreach (var key in empty)
            {
                failures.Remove(key);
            }
        }
    }
}
