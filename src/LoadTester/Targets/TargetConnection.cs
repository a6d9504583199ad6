using System.Net.WebSockets;
using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Targets;

/// <summary>
/// One participant's WebSocket: a single receive loop over the socket's pooled buffer, and the
/// moves a load test needs: abort like a network failure, pause reading like a stalled client,
/// reconnect. Subclasses speak the target's protocol in <see cref="OnMessage"/> and the connect methods.
/// </summary>
public abstract class TargetConnection : IAsyncDisposable
{
    private LeanWebSocket? _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private TaskCompletionSource _readGate = CompletedGate();
    private TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closing;

    protected TargetConnection(IParticipantObserver observer, RunCounters counters)
    {
        Observer = observer;
        Counters = counters;
    }

    protected IParticipantObserver Observer { get; }

    protected RunCounters Counters { get; }

    public bool IsOpen => _socket is { IsOpen: true } && !_closing;

    /// <summary>Reconnects that had to go to another node (a cluster failover or a move).</summary>
    public virtual int Failovers => 0;

    /// <summary>How long a dropped participant waits before reconnecting (a browser's back-off).</summary>
    public virtual TimeSpan ReconnectDelay => TimeSpan.FromMilliseconds(200);

    /// <summary>How long one <see cref="ReconnectAsync"/> may take before the scenario gives that attempt up.</summary>
    public virtual TimeSpan ReconnectTimeout => TimeSpan.FromSeconds(15);

    /// <summary>How often the protocol wants a client keep-alive, if at all.</summary>
    public virtual TimeSpan? KeepAliveInterval => null;

    /// <summary>Connects, authenticates and joins; completes when the server has confirmed the join.</summary>
    public abstract Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Reconnects after a drop, resuming where the target supports it; completes when joined again.</summary>
    public abstract Task ReconnectAsync(CancellationToken cancellationToken);

    /// <summary>Sends one chat message; false when the socket was not open (the message never left).</summary>
    public abstract ValueTask<bool> SendChatAsync(ReadOnlyMemory<byte> utf8Text, CancellationToken cancellationToken);

    public virtual ValueTask<bool> RequestGenerationAsync(string prompt, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public virtual ValueTask<bool> FavoriteAsync(string imageId, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public virtual ValueTask SendKeepAliveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Drops the socket without a close handshake, as a lost network would.</summary>
    public async Task AbortAsync()
    {
        _closing = true;
        _socket?.Abort();
        await _receiveLoop.ConfigureAwait(false);
    }

    /// <summary>Stops reading (the receive loop finishes the read in progress, then waits).</summary>
    public void PauseReading() => Interlocked.Exchange(ref _readGate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ResumeReading() => _readGate.TrySetResult();

    /// <summary>The server's close code of the last connection, null when it ended without a close frame.</summary>
    public int? LastCloseStatus { get; private set; }

    /// <summary>The server's close reason of the last connection (for 4010 Moved: the owner's socket URL).</summary>
    public string? LastCloseDescription { get; private set; }

    /// <summary>The close reason once the connection ends (server close description, or the failure).</summary>
    public Task<string> Closed => _closed.Task;

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        _closing = true;
        LeanWebSocket? socket = _socket;
        if (socket is { IsOpen: true })
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "load test over", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                socket.Abort();
            }
        }

        ResumeReading();
        Task finished = await Task.WhenAny(_receiveLoop, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken)).ConfigureAwait(false);
        if (finished != _receiveLoop)
        {
            socket?.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _socket?.Abort();
        ResumeReading();
        await _receiveLoop.ConfigureAwait(false);
        _socket?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>SO_RCVBUF for this connection's sockets, 0 for the kernel's auto-tuning (slow consumers set it).</summary>
    public int ReceiveBufferBytes { get; set; }

    /// <summary>Opens the socket and starts the receive loop; handshakes are the subclass's business.</summary>
    protected async Task OpenSocketAsync(Uri url, CancellationToken cancellationToken)
    {
        await _receiveLoop.ConfigureAwait(false);
        _socket?.Dispose();
        _closing = false;
        LastCloseStatus = null;
        LastCloseDescription = null;
        _closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        LeanWebSocket socket = await LeanWebSocket.ConnectAsync(url, ReceiveBufferBytes, cancellationToken).ConfigureAwait(false);
        _socket = socket;
        _receiveLoop = ReceiveLoopAsync(socket);
    }

    /// <summary>Sends one whole message under the send lock; false when the socket is not open.</summary>
    protected async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        LeanWebSocket? socket = _socket;
        if (socket is null || !socket.IsOpen)
        {
            return false;
        }

        try
        {
            await socket.SendAsync(message, type, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Handles one complete message; the span is only valid during the call.</summary>
    protected abstract void OnMessage(ReadOnlySpan<byte> message, WebSocketMessageType type);

    /// <summary>Called once when the receive loop ends, before observers hear of a drop.</summary>
    protected virtual void OnConnectionEnded(string reason)
    {
    }

    private async Task ReceiveLoopAsync(LeanWebSocket socket)
    {
        // Start on the thread pool, never inline in the connecting caller.
        await Task.Yield();
        string reason;
        try
        {
            while (true)
            {
                Task gate = _readGate.Task;
                if (!gate.IsCompleted)
                {
                    await gate.ConfigureAwait(false);
                }

                LeanMessage message = await socket.ReceiveAsync(CancellationToken.None).ConfigureAwait(false);
                if (message.Type == WebSocketMessageType.Close)
                {
                    LastCloseStatus = (int?)socket.CloseStatus;
                    LastCloseDescription = socket.CloseStatusDescription;
                    reason = $"{(int?)socket.CloseStatus}:{socket.CloseStatusDescription}";
                    break;
                }

                Counters.FrameReceived(message.Count);
                OnMessage(message.Span, message.Type);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or System.Net.Sockets.SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            reason = _closing ? "aborted by load tester" : "connection lost: " + ex.Message;
        }

        OnConnectionEnded(reason);
        _closed.TrySetResult(reason);
        if (!_closing)
        {
            Observer.OnDropped(reason);
        }
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
