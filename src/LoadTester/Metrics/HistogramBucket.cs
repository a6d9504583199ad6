namespace ActorStudio.LoadTester.Metrics;

/// <summary>One histogram bucket: samples between <see cref="LowMicroseconds"/> and <see cref="HighMicroseconds"/> inclusive.</summary>
public readonly record struct HistogramBucket(long LowMicroseconds, long HighMicroseconds, long Count);
