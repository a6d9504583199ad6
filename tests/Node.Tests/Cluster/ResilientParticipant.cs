using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>
/// One participant as a well-behaved client of a cluster: Hello with the last seen seq, Moved followed at once,
/// any other drop answered by a rejoin (bearer token, no code) through whichever node answers, pings with a
/// watchdog (a paused node is noticed), chat commands resent with their ids until acked. It records what a test
/// must check: acks, chat delivered twice, and how long each reconnect took.
/// </summary>
internal sealed class ResilientParticipant : IAsyncDisposable
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(3);
    private readonly Func<IReadOnlyList<Uri>> _nodes;
    private readonly string _sessionId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, string> _pending = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ClientWebSocket? _socket;
    private bool _welcomed;
    private Task? _loop;
    private string _token;
    private Uri? _wsUrl;
    private long? _disconnectedAtMs;
    private int _rejoinCursor;

    private ResilientParticipant(string sessionId, string participantId, string token, Uri wsUrl, Func<IReadOnlyList<Uri>> nodes)
    {
        _sessionId = sessionId;
        ParticipantId = participantId;
        _token = token;
        _wsUrl = wsUrl;
        _nodes = nodes;
    }

    public string ParticipantId { get; }

    public long? LastSeq { get; private set; }

    /// <summary>commandId → seq of every chat command the server acknowledged to this participant.</summary>
    public Dictionary<string, long> Acked { get; } = new(StringComparer.Ordinal);

    /// <summary>Chat message ids this participant received as events or in a snapshot.</summary>
    public HashSet<string> ChatSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>Chat events delivered again after this participant had them (must stay empty).</summary>
    public List<string> Duplicates { get; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>Durations (ms) from losing the socket to the next Welcome.</summary>
    public List<long> ReconnectGapsMs { get; } = [];

    /// <summary><see cref="Environment.TickCount64"/> of every Welcome.</summary>
    public List<long> WelcomesAtMs { get; } = [];

    /// <summary>Port of the node the live socket is connected to (0 when none).</summary>
    public int CurrentPort { get; private set; }

    public bool Connected { get { lock (_gate) { return _welcomed; } } }

    public int PendingCount { get { lock (_gate) { return _pending.Count; } } }

    public long NowMs => Environment.TickCount64;

    public static async Task<ResilientParticipant> JoinAsync(Uri node, string sessionId, string code, string name, Func<IReadOnlyList<Uri>> nodes)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code, displayName = name });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"join via {node} answered {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return new ResilientParticipant(sessionId, json.GetProperty("participantId").GetString()!, json.GetProperty("token").GetString()!,
            new Uri(json.GetProperty("wsUrl").GetString()!), nodes);
    }

    public Uri? WsUrl => _wsUrl;

    /// <summary>The app token (for the HTTP routes: generations, library, images).</summary>
    public string Token => _token;

    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Queues a chat command (sent now if connected, else after the next Welcome).</summary>
    public async Task SendChatAsync(string text)
    {
        var commandId = "c" + Guid.NewGuid().ToString("N");
        ClientWebSocket? socket;
        lock (_gate)
        {
            _pending[commandId] = text;
            socket = _welcomed ? _socket : null;
        }

        if (socket is not null)
        {
            await TrySendAsync(socket, new PostChat(commandId, text));
        }
    }

    /// <param name="sinceMs">When set, only a welcome at or after this tick counts: right after a node is killed a
    /// participant may not have noticed yet and still looks connected through its dead socket.</param>
    public async Task WaitConnectedAsync(TimeSpan timeout, long? sinceMs = null)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!Connected || (sinceMs is { } since && !WelcomedSince(since)))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Participant {ParticipantId} did not connect; errors: {string.Join(" | ", Errors.TakeLast(5))}");
            }

            await Task.Delay(50);
        }
    }

    private bool WelcomedSince(long sinceMs)
    {
        lock (_gate)
        {
            return WelcomesAtMs.Exists(t => t >= sinceMs);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket?.Abort();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (Exception)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_wsUrl is null)
                {
                    _wsUrl = await RejoinAsync();
                    if (_wsUrl is null)
                    {
                        await Task.Delay(250, _stop.Token);
                        continue;
                    }
                }

                var next = await RunSocketAsync(_wsUrl);
                _wsUrl = next;
                if (next is null)
                {
                    await Task.Delay(100, _stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    Errors.Add(ex.GetType().Name + ": " + ex.Message);
                }

                _wsUrl = null;
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Runs one socket to its end; returns where to go next (Moved) or null (rejoin through any node).</summary>
    private async Task<Uri?> RunSocketAsync(Uri wsUrl)
    {
        using var socket = new ClientWebSocket();
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                await socket.ConnectAsync(wsUrl, connectTimeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException && !_stop.IsCancellationRequested)
            {
                MarkDisconnected();
                return null;
            }
        }

        lock (_gate)
        {
            _socket = socket;
            _welcomed = false;
        }

        await TrySendAsync(socket, new Hello(ProtocolVersion.Current, _token, LastSeq));
        long lastHeardMs = Environment.TickCount64;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var pinger = Task.Run(async () =>
        {
            while (!watchdog.IsCancellationRequested)
            {
                await Task.Delay(500, watchdog.Token);
                if (Environment.TickCount64 - Volatile.Read(ref lastHeardMs) > Watchdog.TotalMilliseconds)
                {
                    socket.Abort(); // a paused or vanished node: go elsewhere
                    return;
                }

                if (Connected)
                {
                    await TrySendAsync(socket, new Ping(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }
            }
        });

        Uri? movedTo = null;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
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
                        var grown = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(grown);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = grown;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                Volatile.Write(ref lastHeardMs, Environment.TickCount64);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if ((int?)socket.CloseStatus == CloseCodes.Moved)
                    {
                        movedTo ??= Uri.TryCreate(socket.CloseStatusDescription, UriKind.Absolute, out var reason) ? reason : null;
                    }

                    if (!CloseCodes.ShouldReconnect((int?)socket.CloseStatus ?? 1000) && (int?)socket.CloseStatus is not null)
                    {
                        lock (_gate)
                        {
                            Errors.Add($"closed for good: {socket.CloseStatus} {socket.CloseStatusDescription}");
                        }
                    }

                    break;
                }

                foreach (var message in FrameReader.ReadServerFrame(buffer.AsSpan(0, count)))
                {
                    if (message is Moved moved)
                    {
                        movedTo = new Uri(moved.WebSocketUrl);
                        continue;
                    }

                    await OnMessageAsync(socket, message, wsUrl);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException || ex is OperationCanceledException && !_stop.IsCancellationRequested)
        {
            // Dropped: rejoin below.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await watchdog.CancelAsync();
            try
            {
                await pinger;
            }
            catch (Exception)
            {
            }

            MarkDisconnected();
        }

        return movedTo;
    }

    private void MarkDisconnected()
    {
        lock (_gate)
        {
            if (_welcomed || _disconnectedAtMs is null)
            {
                _disconnectedAtMs ??= Environment.TickCount64;
            }

            _welcomed = false;
            _socket = null;
            CurrentPort = 0;
        }
    }

    private async Task OnMessageAsync(ClientWebSocket socket, ServerMessage message, Uri wsUrl)
    {
        List<(string Id, string Text)>? resend = null;
        lock (_gate)
        {
            switch (message)
            {
                case Welcome welcome:
                    if (welcome.Snapshot is { } snapshot)
                    {
                        foreach (var chat in snapshot.Chat)
                        {
                            ChatSeen.Add(chat.MessageId);
                            if (chat.CommandId is { } cid && _pending.Remove(cid))
                            {
                                Acked[cid] = chat.Seq;
                            }
                        }
                    }

                    // Resumed: the missed events follow and advance LastSeq themselves. A snapshot replaces everything.
                    if (!welcome.Resumed || LastSeq is null)
                    {
                        LastSeq = welcome.Seq;
                    }

                    _welcomed = true;
                    CurrentPort = wsUrl.Port;
                    WelcomesAtMs.Add(Environment.TickCount64);
                    if (_disconnectedAtMs is { } lost)
                    {
                        ReconnectGapsMs.Add(Environment.TickCount64 - lost);
                        _disconnectedAtMs = null;
                    }

                    resend = [.. _pending.Select(p => (p.Key, p.Value))];
                    break;
                case ChatMessage chat:
                    if (chat.Seq <= (LastSeq ?? 0) || !ChatSeen.Add(chat.MessageId))
                    {
                        Duplicates.Add($"{chat.MessageId}@{chat.Seq} (last seen {LastSeq})");
                    }

                    if (chat.CommandId is { } commandId && _pending.Remove(commandId))
                    {
                        Acked[commandId] = chat.Seq;
                    }

                    break;
                case Ack ack:
                    if (_pending.Remove(ack.CommandId))
                    {
                        Acked[ack.CommandId] = ack.Seq;
                    }

                    break;
                case Error { CommandId: { } refused } error when error.Code != ErrorCodes.Unavailable:
                    _pending.Remove(refused);
                    Errors.Add($"refused {refused}: {error.Code} {error.Message}");
                    break;
            }

            if (message is ServerEvent e && (LastSeq is null || e.Seq > LastSeq))
            {
                LastSeq = e.Seq;
            }
        }

        if (resend is not null)
        {
            foreach (var (id, text) in resend)
            {
                await TrySendAsync(socket, new PostChat(id, text));
            }
        }
    }

    private async Task<Uri?> RejoinAsync()
    {
        var nodes = _nodes();
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[(_rejoinCursor++ & int.MaxValue) % nodes.Count];
            try
            {
                using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(5) };
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{_sessionId}/join") { Content = JsonContent.Create(new { }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await http.SendAsync(request, _stop.Token);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                var json = await response.Content.ReadFromJsonAsync<JsonElement>(_stop.Token);
                _token = json.GetProperty("token").GetString()!;
                return new Uri(json.GetProperty("wsUrl").GetString()!);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
            {
                // That node is down: try the next.
            }
        }

        return null;
    }

    private async Task TrySendAsync(ClientWebSocket socket, ClientCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteClientCommand(buffer, command);
        try
        {
            // ClientWebSocket allows one send at a time.
            await _sendGate.WaitAsync(_stop.Token);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Binary, true, _stop.Token);
                }
            }
            finally
            {
                _sendGate.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The read side notices the drop.
        }
    }

    private readonly SemaphoreSlim _sendGate = new(1, 1);
}

/// <summary>A participant's token and socket URL from join, for a plain test client.</summary>
internal static class ResilientParticipantTokens
{
    public static async Task<(string Token, Uri WsUrl)> JoinRawAsync(Uri node, string sessionId, string code)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code, displayName = "stale" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("token").GetString()!, new Uri(json.GetProperty("wsUrl").GetString()!));
    }
}
