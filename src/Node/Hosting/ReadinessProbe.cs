using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Hosting;

/// <summary>Runs every registered <see cref="IReadinessCheck"/> concurrently under one deadline.</summary>
public sealed class ReadinessProbe(
    IEnumerable<IReadinessCheck> checks,
    IHostApplicationLifetime lifetime,
    IOptions<StudioOptions> options,
    ILogger<ReadinessProbe> logger)
{
    private readonly IReadinessCheck[] _checks = checks.ToArray();

    public async Task<ReadinessReport> EvaluateAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.ReadinessTimeout);

        var running = new Task<ReadinessCheckOutcome>[_checks.Length];
        for (var i = 0; i < _checks.Length; i++)
        {
            running[i] = RunOneAsync(_checks[i], deadline.Token, cancellationToken);
        }

        var outcomes = await Task.WhenAll(running).ConfigureAwait(false);
        var shuttingDown = lifetime.ApplicationStopping.IsCancellationRequested;
        var ready = !shuttingDown;
        foreach (var outcome in outcomes)
        {
            ready &= outcome.Ready;
        }

        return new ReadinessReport(ready, shuttingDown, outcomes);
    }

    private async Task<ReadinessCheckOutcome> RunOneAsync(IReadinessCheck check, CancellationToken deadline, CancellationToken requestAborted)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // WaitAsync bounds checks that ignore their token, so one stuck dependency cannot hang the probe.
            var result = await check.CheckAsync(deadline).WaitAsync(deadline).ConfigureAwait(false);
            if (!result.IsReady)
            {
                logger.LogWarning("Readiness check {Check} failed: {Detail}", check.Name, result.Detail);
            }

            return new ReadinessCheckOutcome(check.Name, result.IsReady, result.Detail, Elapsed(started));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Readiness check {Check} timed out", check.Name);
            return new ReadinessCheckOutcome(check.Name, false, "timed out", Elapsed(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Readiness check {Check} threw", check.Name);
            return new ReadinessCheckOutcome(check.Name, false, ex.GetType().Name + ": " + ex.Message, Elapsed(started));
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
}
