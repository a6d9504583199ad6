namespace ActorStudio.Actors.Sessions.State;

/// <summary>A token bucket (burst + sustained rate) as a value: no allocation, no timer.</summary>
public struct TokenBucket
{
    private double tokens;
    private long lastTicks;

    public TokenBucket(int burst, DateTimeOffset now)
    {
        tokens = burst;
        lastTicks = now.UtcTicks;
    }

    /// <summary>Takes one token; when none is left returns false and how long until one is.</summary>
    public bool TryTake(int burst, double perSecond, DateTimeOffset now, out TimeSpan retryAfter)
    {
        var elapsed = (now.UtcTicks - lastTicks) / (double)TimeSpan.TicksPerSecond;
        lastTicks = now.UtcTicks;
        if (elapsed > 0)
        {
            tokens = Math.Min(burst, tokens + (elapsed * perSecond));
        }

        if (tokens >= 1)
        {
            tokens -= 1;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((1 - tokens) / perSecond);
        return false;
    }
}
