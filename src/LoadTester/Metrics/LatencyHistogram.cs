using System.Numerics;

namespace ActorStudio.LoadTester.Metrics;

/// <summary>
/// An HDR-style log-linear histogram of microsecond values: exact below 128 µs, then 64 linear
/// sub-buckets per power of two (under 1.6% relative error). Fixed size, no allocation per sample,
/// safe to record from many receive loops at once (one interlocked add per sample).
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearLimit = 128;
    private const int SubBuckets = 64;
    private const int SubBucketBits = 6;
    private const int MaxExponent = 40; // 2^40 µs is about 12 days: beyond any run.

    /// <summary>Bucket count: 128 exact values, then 64 per exponent from 7 to <see cref="MaxExponent"/>.</summary>
    public const int BucketCount = LinearLimit + ((MaxExponent - 6) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];
    private long _total;
    private long _max;
    private long _sum;

    public long Count => Volatile.Read(ref _total);

    public long MaxMicroseconds => Volatile.Read(ref _max);

    public double MeanMicroseconds => Count == 0 ? 0 : (double)Volatile.Read(ref _sum) / Count;

    public void Record(long microseconds)
    {
        if (microseconds < 0)
        {
            microseconds = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sum, microseconds);
        long seen = Volatile.Read(ref _max);
        while (microseconds > seen)
        {
            long previous = Interlocked.CompareExchange(ref _max, microseconds, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }

    /// <summary>The value at or below which <paramref name="percentile"/> percent of samples fall (bucket midpoint, capped at max).</summary>
    public long ValueAtPercentile(double percentile)
    {
        long total = Count;
        if (total == 0)
        {
            return 0;
        }

        long rank = (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * total);
        rank = Math.Max(rank, 1);
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(MidpointOf(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    /// <summary>Adds every sample of <paramref name="other"/> into this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            long c = Volatile.Read(ref other._counts[i]);
            if (c != 0)
            {
                Interlocked.Add(ref _counts[i], c);
            }
        }

        Interlocked.Add(ref _total, other.Count);
        Interlocked.Add(ref _sum, Volatile.Read(ref other._sum));
        long otherMax = other.MaxMicroseconds;
        if (otherMax > MaxMicroseconds)
        {
            Interlocked.Exchange(ref _max, otherMax);
        }
    }

    /// <summary>Non-empty buckets as (lowest value, highest value, count), lowest first; for plots.</summary>
    public IReadOnlyList<HistogramBucket> NonEmptyBuckets()
    {
        var buckets = new List<HistogramBucket>();
        for (int i = 0; i < _counts.Length; i++)
        {
            long c = Volatile.Read(ref _counts[i]);
            if (c != 0)
            {
                buckets.Add(new HistogramBucket(LowestOf(i), HighestOf(i), c));
            }
        }

        return buckets;
    }

    internal static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        int shift = exponent - SubBucketBits;
        int sub = (int)(value >> shift) - SubBuckets;
        return LinearLimit + ((exponent - 7) * SubBuckets) + sub;
    }

    internal static long LowestOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        int exponent = ((index - LinearLimit) / SubBuckets) + 7;
        int sub = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return (long)sub << (exponent - SubBucketBits);
    }

    internal static long HighestOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        int exponent = ((index - LinearLimit) / SubBuckets) + 7;
        return LowestOf(index) + (1L << (exponent - SubBucketBits)) - 1;
    }

    private static long MidpointOf(int index) => (LowestOf(index) + HighestOf(index)) / 2;
}
