using System.Net.WebSockets;
using System.Text;
using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Targets.SignalR;

/// <summary>
/// A participant on the SignalR baseline: WebSocket transport with negotiation skipped, JSON hub
/// protocol, JoinSession then fire-and-forget SendChat. SignalR has no resume: a reconnect is a
/// fresh connection that joins the group again.
/// </summary>
public sealed class SignalRConnection : TargetConnection
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);
    private readonly TargetTicket _ticket;
    private TaskCompletionSource _handshake = NewSignal();
    private TaskCompletionSource _joined = NewSignal();
    private int _nextInvocation;
    private byte[] _joinInvocationId = [];

    public SignalRConnection(TargetTicket ticket, IParticipantObserver observer, RunCounters counters)
        : base(observer, counters) => _ticket = ticket;

    // The server drops a client it has not heard from in 30 s (ClientTimeoutInterval); the client pings every 15 s.
    public override TimeSpan? KeepAliveInterval => TimeSpan.FromSeconds(15);

    public override async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _handshake = NewSignal();
        _joined = NewSignal();
        string invocationId = (++_nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _joinInvocationId = Encoding.UTF8.GetBytes(invocationId);
        await OpenSocketAsync(_ticket.WebSocketUrl, cancellationToken).ConfigureAwait(false);
        if (!await SendAsync(SignalRFraming.HandshakeRequest.ToArray(), WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false))
        {
            throw new WebSocketException("the socket closed before the handshake was sent");
        }

        await _handshake.Task.WaitAsync(HandshakeTimeout, cancellationToken).ConfigureAwait(false);
        using var writer = new PooledBufferWriter();
        SignalRFraming.WriteInvocation(writer, invocationId, "JoinSession", [_ticket.Session.SessionId, _ticket.DisplayName]);
        if (!await SendAsync(writer.WrittenMemory, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false))
        {
            throw new WebSocketException("the socket closed before JoinSession was sent");
        }

        await _joined.Task.WaitAsync(HandshakeTimeout, cancellationToken).ConfigureAwait(false);
    }

    public override Task ReconnectAsync(CancellationToken cancellationToken) => ConnectAsync(cancellationToken);

    public override async ValueTask<bool> SendChatAsync(ReadOnlyMemory<byte> utf8Text, CancellationToken cancellationToken)
    {
        using var writer = new PooledBufferWriter(utf8Text.Length + 64);
        SignalRFraming.WriteRawTextInvocation(writer, "SendChat"u8, utf8Text.Span);
        return await SendAsync(writer.WrittenMemory, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask SendKeepAliveAsync(CancellationToken cancellationToken) =>
        await SendAsync(SignalRFraming.Ping.ToArray(), WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);

    protected override void OnMessage(ReadOnlySpan<byte> message, WebSocketMessageType type)
    {
        ReadOnlySpan<byte> rest = message;
        while (SignalRFraming.TryReadRecord(ref rest, out ReadOnlySpan<byte> record))
        {
            try
            {
                Handle(SignalRFraming.Parse(record));
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                Counters.Error("malformed_record");
            }
        }
    }

    private void Handle(SignalRRecord parsed)
    {
        switch (parsed.Type)
        {
            case SignalRMessageType.Invocation when parsed.Target.SequenceEqual("chat"u8):
                Observer.OnChat(parsed.LastStringArgument, inSnapshot: false);
                break;
            case SignalRMessageType.Handshake:
                if (parsed.Error.IsEmpty)
                {
                    _handshake.TrySetResult();
                }
                else
                {
                    _handshake.TrySetException(new JoinRefusedException(0, "handshake_refused", Encoding.UTF8.GetString(parsed.Error)));
                }

                break;
            case SignalRMessageType.Completion:
                OnCompletion(parsed);
                break;
            case SignalRMessageType.Close:
                Counters.Error(parsed.Error.IsEmpty ? "hub_close" : "hub_close:" + Encoding.UTF8.GetString(parsed.Error));
                break;
            default:
                // presence, pings and anything else: received and counted as frames, nothing to measure.
                break;
        }
    }

    protected override void OnConnectionEnded(string reason)
    {
        var ended = new WebSocketException("connection ended: " + reason);
        _handshake.TrySetException(ended);
        _joined.TrySetException(ended);
    }

    private void OnCompletion(SignalRRecord parsed)
    {
        if (parsed.InvocationId.SequenceEqual(_joinInvocationId))
        {
            if (parsed.Error.IsEmpty)
            {
                _joined.TrySetResult();
            }
            else
            {
                _joined.TrySetException(new JoinRefusedException(0, "join_refused", Encoding.UTF8.GetString(parsed.Error)));
            }
        }
        else if (!parsed.Error.IsEmpty)
        {
            Counters.Error("hub:" + Encoding.UTF8.GetString(parsed.Error));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
