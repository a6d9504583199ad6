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
/// </summary>
public sealed class ActorStudioConnection : TargetConnection
{
    private static readonly TimeSpan WelcomeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);
    private readonly TargetTicket _ticket;
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<string, string> _pendingChat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingGenerations = new(StringComparer.Ordinal);
    private TaskCompletionSource<bool> _welcome = NewWelcome();
    private long _lastSeq = -1;
    private long _lastChatSeq = -1;
    private int _nextCommand;
    private TimeSpan _heartbeat = DefaultHeartbeat;
    private bool _everWelcomed;

    public ActorStudioConnection(TargetTicket ticket, IParticipantObserver observer, RunCounters counters)
        : base(observer, counters) => _ticket = ticket;

    public override TimeSpan? KeepAliveInterval => _heartbeat;

    /// <summary>The highest session seq this connection has seen (what a resume asks from).</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public override Task ConnectAsync(CancellationToken cancellationToken) => HelloAsync(resume: false, cancellationToken);

    public override async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        bool resumed = await HelloAsync(resume: _everWelcomed, cancellationToken).ConfigureAwait(false);
        if (!resumed)
        {
            Counters.Error("resume_fell_back_to_snapshot");
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

    protected override void OnConnectionEnded(string reason) =>
        _welcome.TrySetException(new WebSocketException("connection ended before Welcome: " + reason));

    private async Task<bool> HelloAsync(bool resume, CancellationToken cancellationToken)
    {
        _welcome = NewWelcome();
        await OpenSocketAsync(_ticket.WebSocketUrl, cancellationToken).ConfigureAwait(false);
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
                Counters.Error("moved");
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

        Observer.OnChat(text);
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
