using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading.Channels;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>
/// A protocol client for tests: connects, says hello, and collects every server message (batches flattened) in
/// order. <see cref="ReadPaused"/> starts it without reading at all (a slow consumer).
/// </summary>
internal sealed class SessionSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket socket = new();
    private readonly Channel<ServerMessage> inbox = Channel.CreateUnbounded<ServerMessage>();
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource<(int? Code, string? Reason)> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? reader;

    private readonly List<ServerMessage> received = [];

    /// <summary>A copy of everything received so far: the reader keeps adding while a test looks.</summary>
    public IReadOnlyList<ServerMessage> Received
    {
        get
        {
            lock (received)
            {
                return received.ToArray();
            }
        }
    }

    public Task<(int? Code, string? Reason)> Closed => closed.Task;

    public long? LastSeq { get; private set; }

    public bool ReadPaused { get; private init; }

    public static async Task<SessionSocketClient> ConnectAsync(Uri wsUrl, string token, long? lastSeenSeq = null, bool hello = true, bool readPaused = false, int? receiveBufferBytes = null)
    {
        var client = new SessionSocketClient { ReadPaused = readPaused };
        if (receiveBufferBytes is { } size)
        {
            // A tiny TCP receive window makes a client that stops reading back up quickly.
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size, NoDelay = true };
                    await s.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(s, ownsSocket: true);
                },
            };
            await client.socket.ConnectAsync(wsUrl, new HttpMessageInvoker(handler, disposeHandler: false), CancellationToken.None);
        }
        else
        {
            await client.socket.ConnectAsync(wsUrl, CancellationToken.None);
        }

        if (hello)
        {
            await client.SendAsync(new Hello(ProtocolVersion.Current, token, lastSeenSeq));
        }

        if (!readPaused)
        {
            client.StartReading();
        }

        return client;
    }

    public void StartReading() => reader ??= Task.Run(ReadLoopAsync);

    public Task SendAsync(ClientCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteClientCommand(buffer, command);
        return SendRawAsync(buffer.WrittenMemory);
    }

    /// <summary>Sends one message; gives up after 10 s (a server that stopped reading must not hang a test).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type = WebSocketMessageType.Binary)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(bytes, type, true, timeout.Token);
    }

    /// <summary>Waits for the next message matching <paramref name="match"/>, skipping (but keeping) others.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : ServerMessage
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultWait);
        try
        {
            while (true)
            {
                var message = await inbox.Reader.ReadAsync(cts.Token);
                if (message is T typed && (match is null || match(typed)))
                {
                    return typed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {typeof(T).Name} arrived; received so far: {ReceivedTypes()}; closed: {(Closed.IsCompleted ? Closed.Result.ToString() : "no")}");
        }
        catch (ChannelClosedException)
        {
            var closedWith = Closed.IsCompleted ? Closed.Result.ToString() : "reader stopped";
            throw new InvalidOperationException($"The socket closed ({closedWith}) before a {typeof(T).Name} arrived; received: {ReceivedTypes()}");
        }
    }

    private string ReceivedTypes()
    {
        return string.Join(", ", Received.Select(m => m.GetType().Name));
    }

    public async Task<(int? Code, string? Reason)> WaitClosedAsync(TimeSpan? timeout = null)
    {
        StartReading();
        return await Closed.WaitAsync(timeout ?? DefaultWait);
    }

    public async Task CloseAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Drops the TCP connection without a close handshake (a network failure).</summary>
    public void Abort() => socket.Abort();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        socket.Abort();
        if (reader is not null)
        {
            try
            {
                await reader;
            }
            catch (Exception)
            {
            }
        }

        socket.Dispose();
        stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), stop.Token);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    closed.TrySetResult(((int?)socket.CloseStatus, socket.CloseStatusDescription));
                    return;
                }

                var messages = FrameReader.ReadServerFrame(buffer.AsSpan(0, count));
                foreach (var message in messages)
                {
                    if (message is ServerEvent e && (LastSeq is null || e.Seq > LastSeq))
                    {
                        LastSeq = e.Seq;
                    }

                    if (message is Welcome w)
                    {
                        LastSeq = w.Seq;
                    }

                    lock (received)
                    {
                        received.Add(message);
                    }

                    inbox.Writer.TryWrite(message);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            closed.TrySetResult((null, ex.GetType().Name));
        }
        catch (Exception ex)
        {
            // E.g. a frame this client cannot decode: report it as the reason instead of leaving waiters hanging.
            closed.TrySetResult((null, $"{ex.GetType().Name}: {ex.Message}"));
        }
        finally
        {
            inbox.Writer.TryComplete();
        }
    }
}
