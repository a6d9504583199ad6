namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// Frames per second one socket may send (token bucket). Over the rate a frame is refused with an error; after
/// too many refusals (or protocol errors) the socket is closed as a flood. Pings count too: a well-behaved client
/// sends far fewer frames than the limit.
/// </summary>
internal sealed class SocketFrameLimiter(double perSecond, int burst, int maxStrikes, TimeProvider time)
{
    private double tokens = burst;
    private long last = time.GetTimestamp();

    public int Strikes { get; private set; }

    public bool Exhausted => Strikes >= maxStrikes;

    public bool TryTake()
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(burst, tokens + (time.GetElapsedTime(last, now).TotalSeconds * perSecond));
        last = now;
        if (tokens >= 1)
        {
            tokens -= 1;
            return true;
        }

        Strikes++;
        return false;
    }

    public void Strike() => Strikes++;
}
