using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using ActorStudio.LoadTester.Metrics;
using ActorStudio.LoadTester.Scenario;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.LoadTester.Targets.ActorStudio;

/// <summary>
/// A participant's session socket, speaking the real protocol (docs/protocol.md): Hello with the
/// join token (and the last seen seq when resuming), Welcome, then events, single or batched.
/// The receive path walks frames with the protocol's span reader and pulls out only what is
/// measured (chat text, seq, command ids), so it allocates nothing per delivery.
/// Chat commands stay pending until acknowledged and are resent after a resume, as the page does;
/// the server's command-id dedupe must make that safe.
/// In a cluster a reconnect follows the node failover rules of docs/protocol.md §11: Moved (4010) goes straight
/// to the named owner; a socket URL that refuses, or closes before Welcome (4030 shutting down, a dead node), leads
/// to a rejoin over HTTP with the bearer token through another listed node, whose answer names the new owner.
/// </summary>
public sealed class ActorStudioConnection : TargetConnection
{
    private static readonly TimeSpan WelcomeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);

    /// <summary>How long a reconnect keeps trying other nodes: a lease (seconds) plus a takeover, with room to spare.</summary>
    private static readonly TimeSpan FailoverWindow = TimeSpan.FromSeconds(40);
    private readonly Func<TargetTicket, CancellationToken, Task<TargetTicket>>? _rejoin;
    private TargetTicket _ticket;
    private Uri? _movedTo;
    private long _lostAt;
    private int _failovers;
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<string, string> _pendingChat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingGenerations = new(StringComparer.Ordinal);
    private TaskCompletionSource<bool> _welcome = NewWelcome();
    private long _lastSeq = -1;
    private long _lastChatSeq = -1;
    private int _nextCommand;
    private TimeSpan _heartbeat = DefaultHeartbeat;
    private bool _everWelcomed;

    public ActorStudioConnection(TargetTicket ticket, IParticipantObserver observer, RunCounters counters, Func<TargetTicket, CancellationToken, Task<TargetTicket>>? rejoin = null)
        : base(observer, counters)
    {
        _ticket = ticket;
        _rejoin = rejoin;
    }

    /// <summary>The participant's current ticket (token and socket URL change when it rejoins elsewhere).</summary>
    public TargetTicket Ticket => Volatile.Read(ref _ticket);

    public override int Failovers => Volatile.Read(ref _failovers);

    /// <summary>Moved names where to go: connect there at once, no back-off (docs/protocol.md §11).</summary>
    public override TimeSpan ReconnectDelay =>
        Volatile.Read(ref _movedTo) is not null || LastCloseStatus == CloseCodes.Moved ? TimeSpan.Zero : base.ReconnectDelay;

    /// <summary>A reconnect tries other nodes for the failover window, then waits at most one Welcome.</summary>
    public override TimeSpan ReconnectTimeout => _rejoin is null ? base.ReconnectTimeout : FailoverWindow + WelcomeTimeout;

    public override TimeSpan? KeepAliveInterval => _heartbeat;

    /// <summary>The highest session seq this connection has seen (what a resume asks from).</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public override Task ConnectAsync(CancellationToken cancellationToken) => HelloAsync(_ticket.WebSocketUrl, resume: false, cancellationToken);

    public override async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        long lostAt = Interlocked.Exchange(ref _lostAt, 0) is var t and > 0 ? t : RunClock.Now;
        long deadline = RunClock.Now + (long)(FailoverWindow.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        bool failedOver = false;
        Uri target = _ticket.WebSocketUrl;

        // How the last socket ended decides the first move: Moved names the owner; a node shutting down (4030) has
        // handed the session off, so ask any other node where it went instead of knocking on the closing one.
        if (LastCloseStatus == CloseCodes.Moved && Volatile.Read(ref _movedTo) is null && Uri.TryCreate(LastCloseDescription, UriKind.Absolute, out Uri? closedToward))
        {
            Volatile.Write(ref _movedTo, closedToward);
        }

        bool rejoin = _rejoin is not null && LastCloseStatus == CloseCodes.ServerShuttingDown;
        bool resumed;
        for (int attempt = 1; ; attempt++)
        {
            if (Interlocked.Exchange(ref _movedTo, null) is { } moved)
            {
                // The owner is named: connect there at once, no back-off (docs/protocol.md §11).
                target = moved;
                failedOver = true;
            }
            else if (rejoin)
            {
                try
                {
                    TargetTicket ticket = await _rejoin!(_ticket, cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _ticket, ticket);
                    Counters.Rejoined();
                    target = ticket.WebSocketUrl;
                    failedOver = true;
                }
                catch (JoinRefusedException ex) when (ex.Status is 401 or 403 or 404 or 410)
                {
                    throw; // removed, ended or unknown: no node will take this participant back
                }
                catch (Exception ex) when (IsTransient(ex) && RunClock.Now < deadline && !cancellationToken.IsCancellationRequested)
                {
                    Counters.RejoinFailed();
                    await Task.Delay(BackOff(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            try
            {
                resumed = await HelloAsync(target, resume: _everWelcomed, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (IsTransient(ex) && _rejoin is not null && RunClock.Now < deadline && !cancellationToken.IsCancellationRequested && !ClosedForGood)
            {
                // Refused, or closed before Welcome: a dead node, a node shutting down (4030), or Moved (4010).
                await AbortAsync().ConfigureAwait(false);
                if (LastCloseStatus == CloseCodes.Moved && Volatile.Read(ref _movedTo) is null && Uri.TryCreate(LastCloseDescription, UriKind.Absolute, out Uri? named))
                {
                    Volatile.Write(ref _movedTo, named);
                }

                rejoin = Volatile.Read(ref _movedTo) is null;
                if (rejoin)
                {
                    await Task.Delay(BackOff(attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        Interlocked.Exchange(ref _lostAt, 0);
        if (failedOver)
        {
            Interlocked.Increment(ref _failovers);
            Counters.FailedOver(RunClock.MicrosecondsSince(lostAt));
        }

        if (!resumed)
        {
            Counters.SnapshotFallback();
        }

        // Anything not acknowledged before the drop goes again under the same command id.
        List<KeyValuePair<string, string>> again;
        lock (_pendingLock)
        {
            again = [.. _pendingChat];
        }

        foreach (KeyValuePair<string, string> pending in again)
        {
            await SendCommandAsync(new PostChat(pending.Key, pending.Value), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask<bool> SendChatAsync(ReadOnlyMemory<byte> utf8Text, CancellationToken cancellationToken)
    {
        string commandId = NextCommandId();
        string text = Encoding.UTF8.GetString(utf8Text.Span);
        lock (_pendingLock)
        {
            _pendingChat[commandId] = text;
        }

        bool sent = await SendCommandAsync(new PostChat(commandId, text), cancellationToken).ConfigureAwait(false);
        if (!sent)
        {
            lock (_pendingLock)
            {
                _pendingChat.Remove(commandId);
            }
        }

        return sent;
    }

    public override async ValueTask<bool> RequestGenerationAsync(string prompt, CancellationToken cancellationToken)
    {
        string commandId = NextCommandId();
        lock (_pendingLock)
        {
            _pendingGenerations[commandId] = RunClock.Now;
        }

        return await SendCommandAsync(new Generate(commandId, prompt, "1:1", null, null), cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask<bool> FavoriteAsync(string imageId, CancellationToken cancellationToken) =>
        SendCommandAsync(new Favorite(NextCommandId(), imageId), cancellationToken);

    public override async ValueTask SendKeepAliveAsync(CancellationToken cancellationToken) =>
        await SendCommandAsync(new Ping(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);

    protected override void OnMessage(ReadOnlySpan<byte> message, WebSocketMessageType type)
    {
        if (type != WebSocketMessageType.Binary)
        {
            Counters.Error("text_frame_from_server");
            return;
        }

        try
        {
            var reader = new MessagePackReader(message, MessagePackReaderOptions.ServerFrames);
            var probe = reader;
            int length = probe.ReadArrayHeader();
            if (length >= 2 && probe.ReadInt64() == (long)MessageType.Batch)
            {
                Counters.MessageOfType((byte)MessageType.Batch);
                reader = probe;
                int count = reader.ReadArrayHeader();
                for (int i = 0; i < count; i++)
                {
                    ReadMessage(ref reader, fromSnapshot: false);
                }

                SkipFields(ref reader, length, 2);
            }
            else
            {
                ReadMessage(ref reader, fromSnapshot: false);
            }
        }
        catch (ProtocolException ex)
        {
            Counters.Error("undecodable_frame:" + ex.Code);
        }
    }

    protected override void OnConnectionEnded(string reason)
    {
        if (_everWelcomed)
        {
            // The first end after a welcomed socket is when the participant lost it (a failover's clock starts here).
            Interlocked.CompareExchange(ref _lostAt, RunClock.Now, 0);
        }

        _welcome.TrySetException(new WebSocketException("connection ended before Welcome: " + reason));
    }

    /// <summary>The server closed with a code that says do not come back (kicked, session ended, bad token).</summary>
    private bool ClosedForGood => LastCloseStatus is int code && !CloseCodes.ShouldReconnect(code);

    private static bool IsTransient(Exception ex) =>
        ex is WebSocketException or System.Net.Sockets.SocketException or IOException or TimeoutException or HttpRequestException or JoinRefusedException or System.Text.Json.JsonException
        || ex is OperationCanceledException;

    /// <summary>250 ms, doubling to 1 s, with jitter so 200 clients do not hit the surviving nodes in step.</summary>
    private static TimeSpan BackOff(int attempt)
    {
        int ceilingMs = 250 << Math.Min(attempt - 1, 2);
        return TimeSpan.FromMilliseconds((ceilingMs / 2) + Random.Shared.Next(ceilingMs / 2));
    }

    private async Task<bool> HelloAsync(Uri url, bool resume, CancellationToken cancellationToken)
    {
        _welcome = NewWelcome();
        await OpenSocketAsync(url, cancellationToken).ConfigureAwait(false);
        long? lastSeen = resume && LastSeq >= 0 ? LastSeq : null;
        if (!await SendCommandAsync(new Hello(ProtocolVersion.Current, _ticket.Token ?? string.Empty, lastSeen), cancellationToken).ConfigureAwait(false))
        {
            throw new WebSocketException("the socket closed before Hello was sent");
        }

        bool resumed = await _welcome.Task.WaitAsync(WelcomeTimeout, cancellationToken).ConfigureAwait(false);
        _everWelcomed = true;
        return resumed;
    }

    private async ValueTask<bool> SendCommandAsync(ClientCommand command, CancellationToken cancellationToken)
    {
        using var writer = new PooledBufferWriter();
        FrameWriter.WriteClientCommand(writer, command);
        return await SendAsync(writer.WrittenMemory, WebSocketMessageType.Binary, cancellationToken).ConfigureAwait(false);
    }

    private void ReadMessage(ref MessagePackReader reader, bool fromSnapshot)
    {
        int length = reader.ReadArrayHeader();
        var type = (MessageType)reader.ReadInt64();
        Counters.MessageOfType((byte)type);
        int read = 1;
        switch (type)
        {
            case MessageType.ChatMessage:
                read = ReadChat(ref reader, fromSnapshot);
                break;
            case MessageType.Ack:
                ForgetPendingChat(reader.ReadStringSpan());
                reader.Skip();
                read = 3;
                break;
            case MessageType.Error:
                read = ReadError(ref reader);
                break;
            case MessageType.Welcome:
                read = ReadWelcome(ref reader);
                break;
            case MessageType.GenerationAccepted:
                read = ReadGenerationAccepted(ref reader);
                break;
            case MessageType.VariantProgress:
                read = ReadVariantProgress(ref reader);
                break;
            case MessageType.Moved:
                // [69, sessionId, wsUrl]: the close (4010) follows; the reconnect goes there.
                reader.Skip();
                if (Uri.TryCreate(Encoding.UTF8.GetString(reader.ReadStringSpan()), UriKind.Absolute, out Uri? owner))
                {
                    Volatile.Write(ref _movedTo, owner);
                }

                read = 3;
                break;
            case >= MessageType.ChatRemoved and <= MessageType.RecordingStatus:
                // Every other session event: only its seq matters, for resuming.
                NoteSeq(reader.ReadInt64());
                read = 2;
                break;
            default:
                break;
        }

        SkipFields(ref reader, length, read);
    }

    private int ReadChat(ref MessagePackReader reader, bool fromSnapshot)
    {
        // [70, seq, messageId, participantId|nil, displayName, role, kind, text, sentAt, commandId|nil]
        long seq = reader.ReadInt64();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        ReadOnlySpan<byte> text = reader.ReadStringSpan();
        reader.Skip();
        ReadOnlySpan<byte> commandId = reader.TryReadNil() ? default : reader.ReadStringSpan();
        if (!fromSnapshot)
        {
            if (seq <= Interlocked.Read(ref _lastChatSeq))
            {
                // A journaled event seen twice on this participant's stream: a resume replayed too much.
                Counters.ResumeDuplicate();
            }

            NoteSeq(seq);
        }

        if (seq > Interlocked.Read(ref _lastChatSeq))
        {
            Interlocked.Exchange(ref _lastChatSeq, seq);
        }

        if (!commandId.IsEmpty)
        {
            ForgetPendingChat(commandId);
        }

        Observer.OnChat(text, fromSnapshot);
        return 10;
    }

    private int ReadError(ref MessagePackReader reader)
    {
        // [67, commandId|nil, code, message, retryAfterMs|nil]
        string? refusedText = null;
        if (!reader.TryReadNil())
        {
            refusedText = ForgetPendingChat(reader.ReadStringSpan());
        }

        string code = Encoding.UTF8.GetString(reader.ReadStringSpan());
        Counters.Error(code);
        if (refusedText is not null)
        {
            Observer.OnChatRefused(Encoding.UTF8.GetBytes(refusedText), code);
        }

        return 3;
    }

    private int ReadWelcome(ref MessagePackReader reader)
    {
        // [64, seq, protocolVersion, me, resumed, snapshot|nil, heartbeatIntervalMs]
        long seq = reader.ReadInt64();
        reader.Skip();
        reader.Skip();
        bool resumed = reader.ReadBoolean();
        if (!reader.TryReadNil())
        {
            ReadSnapshot(ref reader, replayChat: _everWelcomed);
        }

        int heartbeatMs = reader.ReadInt32();
        if (heartbeatMs > 0)
        {
            _heartbeat = TimeSpan.FromMilliseconds(heartbeatMs);
        }

        if (!resumed)
        {
            Interlocked.Exchange(ref _lastSeq, seq);
        }

        _welcome.TrySetResult(resumed);
        return 7;
    }

    private void ReadSnapshot(ref MessagePackReader reader, bool replayChat)
    {
        // [session, [participant...], [chatMessage...], [streamItem...], recording, viewersChatMuted]
        int length = reader.ReadArrayHeader();
        reader.Skip();
        reader.Skip();
        if (replayChat)
        {
            // A resume that fell back to a snapshot: the chat it carries counts (once) toward what was missed.
            int count = reader.ReadArrayHeader();
            for (int i = 0; i < count; i++)
            {
                ReadMessage(ref reader, fromSnapshot: true);
            }
        }
        else
        {
            reader.Skip();
        }

        SkipFields(ref reader, length, 3);
    }

    private int ReadGenerationAccepted(ref MessagePackReader reader)
    {
        // [74, seq, commandId, generationId, ...]
        NoteSeq(reader.ReadInt64());
        string commandId = Encoding.UTF8.GetString(reader.ReadStringSpan());
        string generationId = Encoding.UTF8.GetString(reader.ReadStringSpan());
        long requested;
        lock (_pendingLock)
        {
            if (!_pendingGenerations.Remove(commandId, out requested))
            {
                return 4;
            }
        }

        Observer.OnGenerationAccepted(generationId, requested);
        return 4;
    }

    private int ReadVariantProgress(ref MessagePackReader reader)
    {
        // [75, seq, generationId, variantIndex, status, percent, imageId|nil, ...]
        NoteSeq(reader.ReadInt64());
        ReadOnlySpan<byte> generationId = reader.ReadStringSpan();
        int variant = reader.ReadInt32();
        var status = (VariantStatus)reader.ReadInt32();
        reader.Skip();
        ReadOnlySpan<byte> imageId = reader.TryReadNil() ? default : reader.ReadStringSpan();
        if (status is VariantStatus.Stored or VariantStatus.Failed)
        {
            Observer.OnVariantFinished(
                Encoding.UTF8.GetString(generationId),
                variant,
                status == VariantStatus.Stored && !imageId.IsEmpty ? Encoding.UTF8.GetString(imageId) : null);
        }

        return 7;
    }

    /// <summary>Drops a pending chat command by id; returns its text when it was pending.</summary>
    private string? ForgetPendingChat(ReadOnlySpan<byte> commandId)
    {
        if (commandId.Length > ProtocolLimits.MaxCommandIdBytes)
        {
            return null;
        }

        lock (_pendingLock)
        {
            if (_pendingChat.Count == 0)
            {
                return null;
            }

            // Command ids are short ASCII: look up without making a string.
            Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup = _pendingChat.GetAlternateLookup<ReadOnlySpan<char>>();
            Span<char> chars = stackalloc char[ProtocolLimits.MaxCommandIdBytes];
            int n = Encoding.UTF8.GetChars(commandId, chars);
            return lookup.Remove(chars[..n], out _, out string? text) ? text : null;
        }
    }

    private void NoteSeq(long seq)
    {
        long seen = Interlocked.Read(ref _lastSeq);
        if (seq > seen)
        {
            Interlocked.Exchange(ref _lastSeq, seq);
        }
    }

    private string NextCommandId() =>
        string.Create(CultureInfo.InvariantCulture, $"lt{_ticket.ParticipantId}-{Interlocked.Increment(ref _nextCommand)}");

    private static void SkipFields(ref MessagePackReader reader, int length, int read)
    {
        for (int i = read; i < length; i++)
        {
            reader.Skip();
        }
    }

    private static TaskCompletionSource<bool> NewWelcome() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
