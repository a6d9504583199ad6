using System.Diagnostics;

namespace ActorStudio.LoadTester.Scenario;

/// <summary>The run's monotonic clock: raw timestamps go into messages, microseconds into histograms.</summary>
public sealed class RunClock
{
    public RunClock() => Start = Stopwatch.GetTimestamp();

    public long Start { get; }

    public static long Now => Stopwatch.GetTimestamp();

    public static long MicrosecondsSince(long timestamp) => MicrosecondsBetween(timestamp, Stopwatch.GetTimestamp());

    public static long MicrosecondsBetween(long from, long to) => (long)((to - from) * (1_000_000.0 / Stopwatch.Frequency));

    public double ElapsedSeconds => (Stopwatch.GetTimestamp() - Start) / (double)Stopwatch.Frequency;

    /// <summary>Whole seconds since the run started at <paramref name="timestamp"/>: the timeline slot.</summary>
    public int SecondOf(long timestamp) => (int)((timestamp - Start) / Stopwatch.Frequency);
}
