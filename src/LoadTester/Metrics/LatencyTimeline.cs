namespace ActorStudio.LoadTester.Metrics;

/// <summary>
/// One histogram per second of the run, allocated up front, so the report can plot latency over
/// time without locking or allocating while samples arrive.
/// </summary>
public sealed class LatencyTimeline
{
    private readonly LatencyHistogram[] _seconds;

    public LatencyTimeline(int seconds)
    {
        _seconds = new LatencyHistogram[Math.Max(1, seconds)];
        for (int i = 0; i < _seconds.Length; i++)
        {
            _seconds[i] = new LatencyHistogram();
        }
    }

    public int Length => _seconds.Length;

    public void Record(int second, long microseconds)
    {
        if ((uint)second >= (uint)_seconds.Length)
        {
            second = second < 0 ? 0 : _seconds.Length - 1;
        }

        _seconds[second].Record(microseconds);
    }

    public LatencyHistogram At(int second) => _seconds[second];
}
