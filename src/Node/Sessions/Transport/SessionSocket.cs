using System.Buffers;
using System.Net.WebSockets;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Node.Cluster;
using ActorStudio.Node.Sessions.Security;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// One accepted WebSocket: the transport (receive buffer rented only while a frame is being read, a read loop, and
/// an <see cref="OutboundPump"/> writing the connection's queued frames) kept apart from the protocol (frame decoding, handshake, limits) and the application (the session
/// actor, reached only through messages). Bad input costs the sender an Error frame or its socket, never the session.
/// </summary>
internal sealed class SessionSocket(
    WebSocket socket,
    OutboundPump pump,
    string sessionId,
    SessionGateway gateway,
    AppTokenService tokens,
    SessionSettings settings,
    ILogger<SessionSocket> logger,
    SessionRouter? router = null,
    NodeConnections? nodeConnections = null)
{
    private const int ReceiveBufferBytes = 4096;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxCloseDrain = TimeSpan.FromSeconds(30);
    private PooledBufferWriter? encodeBuffer; // made on first use: most sockets only ever encode a Pong now and then
    private SessionConnection? connection;

    /// <summary>Coalescible updates the session dropped for this socket while it was behind.</summary>
    public long DroppedFrames => connection?.DroppedFrames ?? 0;

    public async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            (SessionConnection Connection, long? LastSeenSeq)? hello;
            var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
            try
            {
                hello = await HandshakeAsync(buffer, aborted).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (hello is null)
            {
                return;
            }

            connection = hello.Value.Connection;
            nodeConnections?.Add(connection);
            pump.Attach(connection);
            if (!gateway.Tell(sessionId, new AttachConnection(connection, hello.Value.LastSeenSeq)))
            {
                connection.Close(new ConnectionClose(CloseCodes.InternalError, "session unavailable; reconnect"));
            }

            var reader = ReadLoopAsync(connection, aborted);

            // The read loop itself may close the connection (a flood, too many bad frames) just before it returns:
            // whichever task WhenAny reports first, a closed connection ends with the close frame it asked for.
            if (await Task.WhenAny(reader, connection.Closed).ConfigureAwait(false) != reader || connection.IsClosed)
            {
                await FinishClosedBySessionAsync(connection, reader, aborted).ConfigureAwait(false);
            }
            else
            {
                await SwallowAsync(reader).ConfigureAwait(false);
                connection.Close(new ConnectionClose(WebSocketCloseStatusCodes.Normal, "closed"));
                await Task.WhenAny(pump.WhenIdleAsync(), Task.Delay(CloseGrace, aborted)).ConfigureAwait(false);
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await CloseAsync(WebSocketCloseStatusCodes.Normal, "bye", aborted).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer vanished; nothing to tell it.
        }
        finally
        {
            encodeBuffer?.Dispose();
            if (connection is not null)
            {
                nodeConnections?.Remove(connection);
                connection.Close(new ConnectionClose(WebSocketCloseStatusCodes.Normal, "closed"));
                gateway.Tell(sessionId, new DetachConnection(connection));
            }
        }
    }

    /// <summary>
    /// The session closed the socket (slow consumer, kicked, ended, shutting down) or a write failed. What a graceful
    /// close left queued (the error before a kick, a Moved) goes out first, a slow consumer's backlog does not; then
    /// the close frame with the session's code and reason; the peer gets a moment to answer it, then the TCP
    /// connection is dropped whatever it does. A peer that takes nothing for that long is aborted.
    /// </summary>
    private async Task FinishClosedBySessionAsync(SessionConnection session, Task reader, CancellationToken aborted)
    {
        await session.Closed.ConfigureAwait(false); // set after CloseRequest: a read loop that closed it may be ahead
        var close = session.CloseRequest!;
        if (close.Code != CloseCodes.SlowConsumer && !await DrainAsync(session, aborted).ConfigureAwait(false))
        {
            socket.Abort();
            await SwallowAsync(reader).ConfigureAwait(false);
            return;
        }

        if (close.Code != WebSocketCloseStatusCodes.Normal && pump.Failure is null)
        {
            await CloseAsync(close.Code, close.Reason, aborted).ConfigureAwait(false);
        }

        // A slow consumer learns why only once it reads through what the kernel still holds for it: it gets longer.
        // The read loop ends with the peer's answer to the close frame; dropping the connection earlier would cut off
        // the close frame itself.
        var grace = close.Code == CloseCodes.SlowConsumer ? settings.SlowConsumerCloseGrace : CloseGrace;
        if (await Task.WhenAny(reader, Task.Delay(grace, aborted)).ConfigureAwait(false) != reader)
        {
            socket.Abort();
        }

        await SwallowAsync(reader).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until what a graceful close left queued is written: as long as the peer keeps taking frames (a slow
    /// reader behind a small window still gets its notice and its close frame), up to <see cref="MaxCloseDrain"/>;
    /// false when it took nothing for <see cref="CloseGrace"/>.
    /// </summary>
    private async Task<bool> DrainAsync(SessionConnection session, CancellationToken aborted)
    {
        var drained = pump.WhenIdleAsync();
        var left = session.QueuedFrames;
        var started = TimeProvider.System.GetTimestamp();
        while (await Task.WhenAny(drained, Task.Delay(CloseGrace, aborted)).ConfigureAwait(false) != drained)
        {
            var now = session.QueuedFrames;
            if (now >= left || TimeProvider.System.GetElapsedTime(started) >= MaxCloseDrain)
            {
                return false;
            }

            left = now;
        }

        return true;
    }

    private static async Task SwallowAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The socket was aborted or the peer vanished.
        }
    }

    private async Task<(SessionConnection Connection, long? LastSeenSeq)?> HandshakeAsync(byte[] buffer, CancellationToken aborted)
    {
        // Race the first frame against the deadline instead of cancelling the receive: a cancelled receive aborts the
        // WebSocket, and then the 4005 close could not be sent.
        var receive = ReceiveFrameAsync(buffer, aborted);
        if (await Task.WhenAny(receive, Task.Delay(settings.HandshakeTimeout, aborted)).ConfigureAwait(false) != receive)
        {
            await CloseAsync(CloseCodes.HandshakeTimeout, "no hello in time", aborted).ConfigureAwait(false);
            await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(2), aborted)).ConfigureAwait(false);
            socket.Abort();
            await SwallowAsync(receive).ConfigureAwait(false);
            return null;
        }

        var frame = await receive.ConfigureAwait(false);
        if (frame.Kind == FrameKind.Closed)
        {
            return null;
        }

        try
        {
            if (frame.Kind == FrameKind.TooLarge)
            {
                await SendErrorAsync(null, ErrorCodes.FrameTooLarge, $"Frames are limited to {SessionSocketEndpoint.MaxFrameBytes} bytes.", aborted).ConfigureAwait(false);
                await CloseAsync(CloseCodes.ProtocolError, "frame too large", aborted).ConfigureAwait(false);
                return null;
            }

            ClientCommand command;
            try
            {
                command = FrameReader.ReadClientCommand(frame.Payload.Span);
            }
            catch (ProtocolException ex)
            {
                await SendErrorAsync(null, ex.WireCode, ex.Message, aborted).ConfigureAwait(false);
                await CloseAsync(CloseCodes.ProtocolError, "the first frame must be a valid hello", aborted).ConfigureAwait(false);
                return null;
            }

            if (command is not Hello hello)
            {
                await SendErrorAsync(null, ErrorCodes.HandshakeRequired, "The first frame must be Hello.", aborted).ConfigureAwait(false);
                await CloseAsync(CloseCodes.ProtocolError, "the first frame must be hello", aborted).ConfigureAwait(false);
                return null;
            }

            if (hello.ProtocolVersion != ProtocolVersion.Current)
            {
                await SendErrorAsync(null, ErrorCodes.UnsupportedVersion, $"This server speaks protocol version {ProtocolVersion.Current}.", aborted).ConfigureAwait(false);
                await CloseAsync(CloseCodes.UnsupportedVersion, "unsupported protocol version", aborted).ConfigureAwait(false);
                return null;
            }

            var check = tokens.Validate(hello.Token);
            if (check.Status == TokenStatus.Expired && check.Token!.SessionId == sessionId)
            {
                await SendErrorAsync(null, ErrorCodes.TokenExpired, "The token has expired; join again for a new one.", aborted).ConfigureAwait(false);
                await CloseAsync(CloseCodes.TokenExpired, "token expired", aborted).ConfigureAwait(false);
                return null;
            }

            if (check.Status != TokenStatus.Valid || check.Token!.SessionId != sessionId)
            {
                await SendErrorAsync(null, ErrorCodes.Unauthorized, "The token is not valid for this session.", aborted).ConfigureAwait(false);
                await CloseAsync(CloseCodes.AuthFailed, "invalid token", aborted).ConfigureAwait(false);
                return null;
            }

            var token = check.Token;
            if (router is not null && !await RouteAsync(router, aborted).ConfigureAwait(false))
            {
                return null;
            }

            var id = "c" + Guid.CreateVersion7().ToString("N");
            return (new SessionConnection(id, sessionId, token.ParticipantId, token.Role, settings), hello.LastSeenSeq);
        }
        finally
        {
            frame.Dispose();
        }
    }

    /// <summary>Cluster mode: a socket for a session another node owns is sent there (Moved frame, close 4010).</summary>
    private async Task<bool> RouteAsync(SessionRouter sessionRouter, CancellationToken aborted)
    {
        var route = await sessionRouter.RouteAsync(sessionId, aborted).ConfigureAwait(false);
        switch (route.Kind)
        {
            case SessionRouteKind.Local:
                return true;
            case SessionRouteKind.Remote:
                var wsUrl = NodeIdentity.WebSocketUrl(route.PublicUrl!, sessionId);
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encode(new Moved(sessionId, wsUrl)).Payload, WebSocketMessageType.Binary, true, aborted).ConfigureAwait(false);
                }

                await CloseAsync(CloseCodes.Moved, wsUrl, aborted).ConfigureAwait(false);
                return false;
            default:
                await SendErrorAsync(null, ErrorCodes.Unavailable, "The session is moving to another node; reconnect shortly.", aborted).ConfigureAwait(false);
                await CloseAsync(CloseCodes.ServerShuttingDown, "session moving; reconnect", aborted).ConfigureAwait(false);
                return false;
        }
    }

    private async Task ReadLoopAsync(SessionConnection session, CancellationToken aborted)
    {
        var limiter = new SocketFrameLimiter(settings.FramesPerSecond, settings.FrameBurst, settings.FloodStrikes, TimeProvider.System);
        // Reads until the peer's close frame (or the socket fails), also after the session closed the connection: the
        // peer's answer to our close frame arrives here, and whatever it sent before that is read and dropped.
        while (true)
        {
            // Wait for the next frame without a buffer (a zero-byte receive): an idle socket, the common case in a
            // classroom of hundreds, holds no receive buffer; one is rented for the frame once it is there.
            var ready = await socket.ReceiveAsync(Memory<byte>.Empty, aborted).ConfigureAwait(false);
            if (ready.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
            var frame = await ReceiveFrameAsync(buffer, aborted, ready.EndOfMessage).ConfigureAwait(false);
            try
            {
                if (frame.Kind == FrameKind.Closed)
                {
                    return;
                }

                if (session.IsClosed)
                {
                    continue;
                }

                if (!limiter.TryTake())
                {
                    if (limiter.Exhausted)
                    {
                        Reject(session, null, ErrorCodes.RateLimited, "Too many frames; closing.");
                        session.Close(new ConnectionClose(CloseCodes.ProtocolError, "flood: too many frames"));
                        logger.LogWarning("Closing a flooding socket of {ParticipantId} in session {SessionId}", session.ParticipantId, sessionId);
                        return;
                    }

                    Reject(session, null, ErrorCodes.RateLimited, "Too many frames; slow down.", 1000);
                    continue;
                }

                if (frame.Kind == FrameKind.TooLarge)
                {
                    // The rest of an oversized message was discarded unread; the socket stays usable.
                    limiter.Strike();
                    Reject(session, null, ErrorCodes.FrameTooLarge, $"Frames are limited to {SessionSocketEndpoint.MaxFrameBytes} bytes.");
                    continue;
                }

                if (frame.Payload.IsEmpty)
                {
                    limiter.Strike();
                    Reject(session, null, ErrorCodes.BadFrame, "Frames are binary MessagePack arrays.");
                    continue;
                }

                ClientCommand command;
                try
                {
                    command = FrameReader.ReadClientCommand(frame.Payload.Span);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    limiter.Strike();
                    Reject(session, null, ex is ProtocolException p ? p.WireCode : ErrorCodes.BadFrame, ex is ProtocolException ? ex.Message : "The frame could not be read.");
                    if (limiter.Exhausted)
                    {
                        session.Close(new ConnectionClose(CloseCodes.ProtocolError, "too many bad frames"));
                        return;
                    }

                    continue;
                }

                switch (command)
                {
                    case Ping ping:
                        // Answered here: a heartbeat never costs the session a turn.
                        session.Enqueue(Encode(new Pong(ping.ClientTimeMs, DateTimeOffset.UtcNow)));
                        break;
                    case Hello:
                        Reject(session, null, ErrorCodes.BadFrame, "Hello is only valid as the first frame.");
                        break;
                    default:
                        if (!gateway.Tell(sessionId, new ConnectionCommand(session, command)))
                        {
                            Reject(session, (command as ClientRequest)?.CommandId, ErrorCodes.Unavailable, "The session is busy; retry with the same command id.", 1000);
                        }

                        break;
                }
            }
            finally
            {
                frame.Dispose();
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void Reject(SessionConnection session, string? commandId, string code, string message, int? retryAfterMs = null) =>
        session.Enqueue(Encode(new Error(commandId, code, message, retryAfterMs)));

    private WireFrame Encode(ServerMessage message)
    {
        var writer = encodeBuffer ??= new PooledBufferWriter(256);
        writer.Reset();
        FrameWriter.WriteServerMessage(writer, message);
        return WireFrame.Create(writer.WrittenSpan);
    }

    private async Task SendErrorAsync(string? commandId, string code, string message, CancellationToken aborted)
    {
        if (socket.State == WebSocketState.Open)
        {
            await socket.SendAsync(Encode(new Error(commandId, code, message, null)).Payload, WebSocketMessageType.Binary, true, aborted).ConfigureAwait(false);
        }
    }

    private async Task CloseAsync(int code, string reason, CancellationToken aborted)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, SessionSocketEndpoint.TrimReason(reason), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // Best effort: the peer may already be gone.
            }
        }
    }

    /// <summary>
    /// Reads one whole message into <paramref name="buffer"/>, growing into a pooled array when it is larger.
    /// Messages over the frame limit are read to their end and discarded (bounded memory whatever the peer sends).
    /// </summary>
    private async Task<Frame> ReceiveFrameAsync(byte[] buffer, CancellationToken cancellationToken, bool emptyMessageDone = false)
    {
        if (emptyMessageDone)
        {
            // The zero-byte wait already read a whole empty message.
            return new Frame(FrameKind.Data, ReadOnlyMemory<byte>.Empty, null);
        }

        var current = buffer;
        var count = 0;
        var tooLarge = false;
        while (true)
        {
            if (!tooLarge && count == current.Length)
            {
                var grown = ArrayPool<byte>.Shared.Rent(Math.Min(current.Length * 2, SessionSocketEndpoint.MaxFrameBytes + 1));
                current.AsSpan(0, count).CopyTo(grown);
                if (!ReferenceEquals(current, buffer))
                {
                    ArrayPool<byte>.Shared.Return(current);
                }

                current = grown;
            }

            var target = tooLarge ? current.AsMemory() : current.AsMemory(count);
            var result = await socket.ReceiveAsync(target, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                ReturnIfRented(current, buffer);
                return new Frame(FrameKind.Closed, default, null);
            }

            if (!tooLarge)
            {
                count += result.Count;
                if (count > SessionSocketEndpoint.MaxFrameBytes)
                {
                    tooLarge = true;
                }
            }

            if (result.EndOfMessage)
            {
                if (tooLarge || result.MessageType == WebSocketMessageType.Text)
                {
                    ReturnIfRented(current, buffer);
                    return tooLarge ? new Frame(FrameKind.TooLarge, default, null) : new Frame(FrameKind.Data, ReadOnlyMemory<byte>.Empty, null);
                }

                return new Frame(FrameKind.Data, current.AsMemory(0, count), ReferenceEquals(current, buffer) ? null : current);
            }
        }
    }

    private static void ReturnIfRented(byte[] current, byte[] buffer)
    {
        if (!ReferenceEquals(current, buffer))
        {
            ArrayPool<byte>.Shared.Return(current);
        }
    }

    private enum FrameKind
    {
        Data,
        TooLarge,
        Closed,
    }

    private readonly record struct Frame(FrameKind Kind, ReadOnlyMemory<byte> Payload, byte[]? Rented) : IDisposable
    {
        public void Dispose()
        {
            if (Rented is not null)
            {
                ArrayPool<byte>.Shared.Return(Rented);
            }
        }
    }
}

/// <summary>Standard close codes the transport uses besides the protocol's own.</summary>
internal static class WebSocketCloseStatusCodes
{
    public const int Normal = 1000;
}
