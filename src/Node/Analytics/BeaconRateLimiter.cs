using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Analytics;

/// <summary>Per client address token bucket for <c>POST /api/beacon</c> (System.Threading.RateLimiting).</summary>
public sealed class BeaconRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public BeaconRateLimiter(IOptions<AnalyticsOptions> options)
    {
        var perMinute = Math.Max(1, options.Value.BeaconsPerMinute);
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(
            address,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = Math.Max(1, perMinute / 6),
                ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True if the address may send one more beacon now; otherwise how long it should wait.</summary>
    public bool TryAcquire(IPAddress address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
