namespace ActorStudio.LoadTester.Metrics;

/// <summary>CPU time and memory of one process at one instant, read from /proc.</summary>
public readonly record struct ProcessSample(double CpuSeconds, long RssBytes, long PeakRssBytes, int Threads);
