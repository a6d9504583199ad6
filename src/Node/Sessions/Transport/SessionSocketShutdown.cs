using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Protocol;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// On SIGTERM, before the web server stops, closes every session socket still open with 4030 "shutting down" so
/// clients reconnect at once (to this node when it is back, or through the cluster) instead of hanging until the
/// server's shutdown timeout drops them without a word. Registered after the cluster's node, whose hand-off runs
/// first and moves the sockets of every session it can hand over (Moved, 4010); this closes whatever is left.
/// </summary>
internal sealed class SessionSocketShutdown(NodeConnections connections, TimeProvider time, ILogger<SessionSocketShutdown> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var open = connections.All();
        if (open.Count == 0)
        {
            return;
        }

        logger.LogInformation("Closing {Count} session sockets: the node is shutting down", open.Count);
        var close = new ConnectionClose(CloseCodes.ServerShuttingDown, "server shutting down; reconnect and resume");
        foreach (var connection in open)
        {
            connection.Close(close);
        }

        // Each socket sends its close frame and waits a moment for the answer; give them that before Kestrel stops.
        var started = time.GetTimestamp();
        while (connections.Count > 0 && time.GetElapsedTime(started) < CloseWait && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
