using System.Diagnostics;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Node.Persistence;
using ActorStudio.Node.Sessions;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;
using Npgsql;

namespace ActorStudio.Node.Cluster;

/// <summary>
/// This node's life in the cluster. Start: migrate, register. Every <see cref="ClusterOptions.RenewInterval"/>:
/// heartbeat with the load, renew the held leases, STEP DOWN from every session whose lease was not renewed (taken
/// over after a pause) or could not be renewed for a whole lease duration (database unreachable), release leases of
/// sessions that never activated. SIGTERM (<see cref="StoppingAsync"/>, before Kestrel stops): drain, hand each
/// session to the least-loaded other node (lease reserved for it, sockets sent there with Moved), deregister.
/// </summary>
public sealed class ClusterNode(
    ClusterDirectory directory,
    LeasePlacement placement,
    SessionRouter router,
    ClusterState state,
    NodeConnections connections,
    SessionGateway gateway,
    JournalStore journal,
    NpgsqlDataSource dataSource,
    ClusterOptions options,
    ILogger<ClusterNode> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private long _lastRenewalStartedAt = Environment.TickCount64;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The journal schema first: a new lease's epoch reads the journal's stream table.
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await journal.ReadyAsync(cancellationToken).ConfigureAwait(false);
                await ClusterSchema.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
                _lastRenewalStartedAt = Environment.TickCount64;
                await directory.RegisterAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Cluster node {NodeId} cannot reach PostgreSQL yet; retrying in {DelayMs} ms", directory.Identity.NodeId, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }

        state.MarkRegistered(true);
        logger.LogInformation("Cluster node {NodeId} registered at {PublicUrl} (incarnation {Incarnation}, lease {LeaseSeconds} s)",
            directory.Identity.NodeId, directory.Identity.PublicUrl, directory.Identity.Incarnation, options.LeaseDuration.TotalSeconds);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>SIGTERM: runs before the web server stops, so clients can still be told where to go.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!state.Registered)
        {
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.HandoffTimeout);
        try
        {
            await HandOffAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException or TimeoutException)
        {
            logger.LogWarning(ex, "Cluster node {NodeId} hand-off did not finish; remaining leases expire on their own", directory.Identity.NodeId);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (!state.Registered)
        {
            return;
        }

        try
        {
            foreach (var sessionId in placement.HeldSessionIds)
            {
                await placement.ReleaseAsync(sessionId, cancellationToken).ConfigureAwait(false);
            }

            await directory.DeregisterAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            logger.LogWarning(ex, "Cluster node {NodeId} could not deregister; it ages out of the registry", directory.Identity.NodeId);
        }

        state.MarkRegistered(false);
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.EffectiveRenewInterval);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                await TickAsync(++ticks, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task TickAsync(int tick, CancellationToken stopping)
    {
        var started = Environment.TickCount64;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(options.LeaseDuration);
            var held = placement.HeldSessionIds.ToArray();
            var renewed = await directory.RenewAsync(held, timeout.Token).ConfigureAwait(false);
            _lastRenewalStartedAt = started;
            foreach (var sessionId in held)
            {
                if (!renewed.Contains(sessionId) && placement.Forget(sessionId))
                {
                    StepDown(sessionId, "its lease was taken over by another node");
                }
            }

            if (!await directory.HeartbeatAsync(placement.HeldCount, connections.Count, state.Draining, timeout.Token).ConfigureAwait(false))
            {
                logger.LogWarning("Cluster node {NodeId} was missing from the registry; registering again", directory.Identity.NodeId);
                await directory.RegisterAsync(timeout.Token).ConfigureAwait(false);
            }

            await ReleaseNeverActivatedAsync(timeout.Token).ConfigureAwait(false);
            if (tick % 60 == 0)
            {
                await directory.ForgetDeadNodesAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            var silentMs = Environment.TickCount64 - _lastRenewalStartedAt;
            logger.LogWarning(ex, "Cluster node {NodeId} could not renew its leases (last renewal {SilentMs} ms ago)", directory.Identity.NodeId, silentMs);
            if (silentMs >= options.LeaseDuration.TotalMilliseconds)
            {
                // Our leases may have expired by now: someone else may own these sessions. Stop before we write.
                foreach (var sessionId in placement.HeldSessionIds.ToArray())
                {
                    if (placement.Forget(sessionId))
                    {
                        StepDown(sessionId, "its lease could not be renewed");
                    }
                }
            }
        }
    }

    private void StepDown(string sessionId, string why)
    {
        state.CountSteppedDown();
        logger.LogWarning("Cluster node {NodeId} steps down from session {SessionId}: {Reason}", directory.Identity.NodeId, sessionId, why);
        gateway.Stop(sessionId, immediately: true);
    }

    /// <summary>A lease taken by a routing decision whose request never reached the session (client gone) is released.</summary>
    private async Task ReleaseNeverActivatedAsync(CancellationToken cancellationToken)
    {
        var live = new HashSet<string>(await gateway.GetLiveSessionIdsAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var graceMs = Math.Max(2000, options.EffectiveRenewInterval.TotalMilliseconds * 2);
        foreach (var sessionId in placement.HeldSessionIds.ToArray())
        {
            if (!live.Contains(sessionId) && placement.AcquiredAt(sessionId) is { } at && Environment.TickCount64 - at > graceMs)
            {
                await placement.ReleaseAsync(sessionId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandOffAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        state.MarkDraining();
        await directory.HeartbeatAsync(placement.HeldCount, connections.Count, draining: true, cancellationToken).ConfigureAwait(false);
        var sessions = await gateway.GetLiveSessionIdsAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Cluster node {NodeId} draining: handing off {SessionCount} sessions, {ConnectionCount} sockets",
            directory.Identity.NodeId, sessions.Count, connections.Count);
        var frame = new PooledBufferWriter(256);
        try
        {
            foreach (var sessionId in sessions)
            {
                var target = await router.ChooseOtherNodeAsync(cancellationToken).ConfigureAwait(false);
                ConnectionClose close;
                if (target is not null && await directory.AssignAsync(sessionId, target.NodeId, cancellationToken).ConfigureAwait(false) is not null)
                {
                    placement.Forget(sessionId);
                    var wsUrl = NodeIdentity.WebSocketUrl(target.PublicUrl, sessionId);
                    frame.Reset();
                    FrameWriter.WriteServerMessage(frame, new Moved(sessionId, wsUrl));
                    var movedBytes = WireFrame.Create(frame.WrittenSpan);
                    close = new ConnectionClose(CloseCodes.Moved, wsUrl);
                    foreach (var connection in connections.ForSession(sessionId))
                    {
                        connection.Enqueue(movedBytes);
                        connection.Close(close);
                    }
                }
                else
                {
                    logger.LogWarning("Cluster node {NodeId} found no node to hand session {SessionId} to; clients will reconnect", directory.Identity.NodeId, sessionId);
                }

                // Graceful: the events already in its mailbox are handled (and journaled) before it stops.
                gateway.Stop(sessionId, immediately: false);
                state.CountHandedOff();
            }

            // Wait for the sessions to stop and the sockets to leave (they were told where to go).
            while (!cancellationToken.IsCancellationRequested)
            {
                var live = await gateway.GetLiveSessionIdsAsync(cancellationToken).ConfigureAwait(false);
                if (live.Count == 0 && connections.Count == 0)
                {
                    break;
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            frame.Dispose();
        }

        logger.LogInformation("Cluster node {NodeId} handed off {SessionCount} sessions in {ElapsedMs} ms", directory.Identity.NodeId, sessions.Count, watch.ElapsedMilliseconds);
    }
}
