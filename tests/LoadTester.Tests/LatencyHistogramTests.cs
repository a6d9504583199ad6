using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void SmallValuesAreExact()
    {
        var histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(100, histogram.Count);
        Assert.Equal(50, histogram.ValueAtPercentile(50));
        Assert.Equal(90, histogram.ValueAtPercentile(90));
        Assert.Equal(99, histogram.ValueAtPercentile(99));
        Assert.Equal(100, histogram.ValueAtPercentile(100));
        Assert.Equal(100, histogram.MaxMicroseconds);
        Assert.Equal(50.5, histogram.MeanMicroseconds, 3);
    }

    [Fact]
    public void EmptyHistogramAnswersZero()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.MaxMicroseconds);
        Assert.Empty(histogram.NonEmptyBuckets());
    }

    [Fact]
    public void PercentilesStayWithinTheBucketPrecisionOfTheExactAnswer()
    {
        var random = new Random(42);
        var values = new long[50_000];
        var histogram = new LatencyHistogram();
        for (int i = 0; i < values.Length; i++)
        {
            // Log-uniform from 1 µs to about 30 s, like real latencies with a long tail.
            values[i] = (long)Math.Exp(random.NextDouble() * Math.Log(30_000_000));
            histogram.Record(values[i]);
        }

        Array.Sort(values);
        foreach (double percentile in new[] { 10.0, 50, 90, 99, 99.9 })
        {
            long exact = values[(int)Math.Ceiling(percentile / 100 * values.Length) - 1];
            long estimate = histogram.ValueAtPercentile(percentile);
            double relativeError = Math.Abs(estimate - exact) / (double)Math.Max(exact, 1);
            Assert.True(relativeError <= 0.016 || Math.Abs(estimate - exact) <= 1, $"p{percentile}: exact {exact}, histogram {estimate} ({relativeError:P2})");
        }

        Assert.Equal(values[^1], histogram.MaxMicroseconds);
    }

    [Fact]
    public void EveryValueFallsInsideItsBucketAndBucketsAreOrdered()
    {
        int previous = -1;
        for (long v = 0; v < 5_000_000; v = (v * 11 / 10) + 1)
        {
            int index = LatencyHistogram.IndexOf(v);
            Assert.InRange(v, LatencyHistogram.LowestOf(index), LatencyHistogram.HighestOf(index));
            Assert.True(index >= previous, $"index went backwards at {v}");
            Assert.InRange(index, 0, LatencyHistogram.BucketCount - 1);
            previous = index;
        }
    }

    [Fact]
    public void ConcurrentRecordingLosesNothing()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 8, worker =>
        {
            for (int i = 0; i < 25_000; i++)
            {
                histogram.Record((worker * 1000) + (i % 1000));
            }
        });

        Assert.Equal(200_000, histogram.Count);
        long bucketTotal = histogram.NonEmptyBuckets().Sum(b => b.Count);
        Assert.Equal(200_000, bucketTotal);
        Assert.Equal(7999, histogram.MaxMicroseconds);
    }

    [Fact]
    public void AddMergesCountsAndMaximum()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(10);
        b.Record(20);
        b.Record(5000);
        a.Add(b);
        Assert.Equal(3, a.Count);
        Assert.Equal(5000, a.MaxMicroseconds);
        Assert.Equal(20, a.ValueAtPercentile(66));
    }

    [Fact]
    public void NegativeSamplesCountAsZero()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        Assert.Equal(1, histogram.Count);
        Assert.Equal(0, histogram.ValueAtPercentile(50));
    }
}
