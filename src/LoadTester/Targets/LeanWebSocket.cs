using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace ActorStudio.LoadTester.Targets;

/// <summary>
/// A minimal RFC 6455 client over a raw <see cref="Socket"/>, built for thousands of simulated
/// participants in one process: one pooled receive buffer per socket (grown only for a large
/// message), as many frames parsed per read as arrived, messages handed out as slices of that
/// buffer with no copy and no allocation, pings answered, close frames read with their reason.
/// ClientWebSocket stacks an HTTP connection stream and per-message state machines on top of the
/// socket; a load tester that must not be the bottleneck cannot afford that per delivery.
/// </summary>
public sealed class LeanWebSocket : IDisposable
{
    private const int InitialBufferBytes = 4096;
    private const int MaxHandshakeBytes = 16 * 1024;
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _buffer;
    private int _start;
    private int _end;
    private byte[]? _assembly;
    private int _assembled;
    private WebSocketMessageType _assemblyType;
    private int _state; // 0 open, 1 close received, 2 close sent, 3 aborted

    private LeanWebSocket(Socket socket, byte[] buffer, int start, int end)
    {
        _socket = socket;
        _buffer = buffer;
        _start = start;
        _end = end;
    }

    public bool IsOpen => Volatile.Read(ref _state) == 0;

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? CloseStatusDescription { get; private set; }

    /// <summary>Opens a TCP connection and performs the HTTP/1.1 upgrade; throws <see cref="WebSocketException"/> with the server's status line when refused.</summary>
    public static async Task<LeanWebSocket> ConnectAsync(Uri url, int receiveBufferBytes, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("ws" or "http"))
        {
            throw new WebSocketException($"only ws:// URLs are supported by the load tester's socket, not {url.Scheme}://");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes > 0)
        {
            socket.ReceiveBufferSize = receiveBufferBytes; // before connect: the window scale is agreed in the SYN
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, cancellationToken).ConfigureAwait(false);
            string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            string request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await SendAllAsync(socket, Encoding.ASCII.GetBytes(request), cancellationToken).ConfigureAwait(false);

            int filled = 0;
            int headerEnd;
            while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxHandshakeBytes)
                    {
                        throw new WebSocketException("the upgrade response headers are too large");
                    }

                    buffer = Grow(buffer, filled, buffer.Length * 2);
                }

                int n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new WebSocketException("the server closed the connection during the upgrade");
                }

                filled += n;
            }

            string head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
            string[] lines = head.Split("\r\n");
            if (!lines[0].StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                throw new WebSocketException($"the server refused the upgrade: {lines[0]}");
            }

            string expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
            bool accepted = false;
            foreach (string line in lines)
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
                {
                    accepted = line.AsSpan(colon + 1).Trim().SequenceEqual(expected);
                }
            }

            if (!accepted)
            {
                throw new WebSocketException("the server's Sec-WebSocket-Accept does not match the key");
            }

            return new LeanWebSocket(socket, buffer, headerEnd + 4, filled);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or WebSocketException or IOException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            socket.Dispose();
            if (ex is SocketException socketError)
            {
                throw new WebSocketException($"could not connect to {url.Authority}: {socketError.SocketErrorCode}", ex);
            }

            throw;
        }
    }

    /// <summary>
    /// The next data message, or a <see cref="WebSocketMessageType.Close"/> one when the server closed.
    /// The returned slice stays valid until the next call. One caller at a time.
    /// </summary>
    public async ValueTask<LeanMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        ReleaseAssembly();
        while (true)
        {
            while (TryReadFrame(out bool fin, out int opcode, out int offset, out int count))
            {
                switch (opcode)
                {
                    case 0x1 or 0x2 when fin && _assembly is null:
                        return new LeanMessage(opcode == 0x1 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, _buffer, offset, count);
                    case 0x1 or 0x2:
                        StartAssembly(opcode == 0x1 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, offset, count);
                        break;
                    case 0x0:
                        if (AppendAssembly(offset, count, fin) is { } whole)
                        {
                            return whole;
                        }

                        break;
                    case 0x8:
                        return await OnCloseFrameAsync(offset, count, cancellationToken).ConfigureAwait(false);
                    case 0x9:
                        await SendFrameAsync(0xA, _buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        // Pong or a reserved opcode: nothing to do.
                        break;
                }
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one whole message as a single masked frame.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken) =>
        SendFrameAsync(type == WebSocketMessageType.Text ? 0x1 : 0x2, payload, cancellationToken);

    /// <summary>Starts the closing handshake; the server's close frame then ends <see cref="ReceiveAsync"/>.</summary>
    public async ValueTask CloseOutputAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) != 0 && Volatile.Read(ref _state) != 1)
        {
            return;
        }

        byte[] body = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)status);
        Encoding.UTF8.GetBytes(reason, body.AsSpan(2));
        await SendFrameAsync(0x8, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the connection with a TCP reset, as a lost network or a killed tab would.</summary>
    public void Abort()
    {
        Volatile.Write(ref _state, 3);
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }

        _socket.Dispose();
    }

    public void Dispose()
    {
        if (Volatile.Read(ref _state) != 3)
        {
            Volatile.Write(ref _state, 3);
            _socket.Dispose();
        }

        // The receive buffer goes back only once no receive can be using it: callers dispose after the loop ended.
        byte[] buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        ReleaseAssembly();
    }

    private bool TryReadFrame(out bool fin, out int opcode, out int offset, out int count)
    {
        fin = false;
        opcode = 0;
        offset = 0;
        count = 0;
        int available = _end - _start;
        if (available < 2)
        {
            return false;
        }

        ReadOnlySpan<byte> span = _buffer.AsSpan(_start, available);
        fin = (span[0] & 0x80) != 0;
        opcode = span[0] & 0x0F;
        bool masked = (span[1] & 0x80) != 0;
        long length = span[1] & 0x7F;
        int header = 2;
        if (length == 126)
        {
            if (available < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            header = 4;
        }
        else if (length == 127)
        {
            if (available < 10)
            {
                return false;
            }

            length = (long)BinaryPrimitives.ReadUInt64BigEndian(span[2..]);
            header = 10;
        }

        if (length > MaxMessageBytes)
        {
            throw new WebSocketException($"a {length}-byte frame is larger than the load tester accepts");
        }

        int maskAt = header;
        if (masked)
        {
            header += 4;
        }

        int total = header + (int)length;
        if (available < total)
        {
            if (total > _buffer.Length)
            {
                // Make room for the whole frame; FillAsync reads the rest.
                _buffer = Grow(_buffer, _start, _end, total);
                _end -= _start;
                _start = 0;
            }

            return false;
        }

        offset = _start + header;
        count = (int)length;
        if (masked)
        {
            Span<byte> payload = _buffer.AsSpan(offset, count);
            ReadOnlySpan<byte> key = _buffer.AsSpan(_start + maskAt, 4);
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] ^= key[i & 3];
            }
        }

        _start += total;
        return true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0)
        {
            // Keep the partial frame, at the front.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            _buffer = Grow(_buffer, _end, _buffer.Length * 2);
        }

        int n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the server closed the TCP connection without a close frame");
        }

        _end += n;
    }

    private async ValueTask<LeanMessage> OnCloseFrameAsync(int offset, int count, CancellationToken cancellationToken)
    {
        if (count >= 2)
        {
            CloseStatus = (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(offset, 2));
            CloseStatusDescription = Encoding.UTF8.GetString(_buffer, offset + 2, count - 2);
        }

        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
        {
            try
            {
                // Echo the close, as the protocol asks; the server then ends the TCP connection.
                await SendFrameAsync(0x8, _buffer.AsMemory(offset, Math.Min(count, 2)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
            {
                // The server may already be gone; the close reason is what matters.
            }
        }

        return new LeanMessage(WebSocketMessageType.Close, _buffer, offset, 0);
    }

    private async ValueTask SendFrameAsync(int opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        int length = payload.Length;
        int header = length < 126 ? 2 : length <= ushort.MaxValue ? 4 : 10;
        int total = header + 4 + length;
        byte[] frame = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            frame[0] = (byte)(0x80 | opcode);
            if (length < 126)
            {
                frame[1] = (byte)(0x80 | length);
            }
            else if (length <= ushort.MaxValue)
            {
                frame[1] = 0x80 | 126;
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)length);
            }
            else
            {
                frame[1] = 0x80 | 127;
                BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)length);
            }

            Span<byte> key = frame.AsSpan(header, 4);
            Random.Shared.NextBytes(key);
            Span<byte> body = frame.AsSpan(header + 4, length);
            payload.Span.CopyTo(body);
            for (int i = 0; i < body.Length; i++)
            {
                body[i] ^= key[i & 3];
            }

            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await SendAllAsync(_socket, frame.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private void StartAssembly(WebSocketMessageType type, int offset, int count)
    {
        ReleaseAssembly();
        _assembly = ArrayPool<byte>.Shared.Rent(Math.Max(count * 2, InitialBufferBytes));
        _assemblyType = type;
        _buffer.AsSpan(offset, count).CopyTo(_assembly);
        _assembled = count;
    }

    private LeanMessage? AppendAssembly(int offset, int count, bool fin)
    {
        if (_assembly is null)
        {
            throw new WebSocketException("a continuation frame arrived without a first frame");
        }

        if (_assembled + count > MaxMessageBytes)
        {
            throw new WebSocketException("a fragmented message is larger than the load tester accepts");
        }

        if (_assembled + count > _assembly.Length)
        {
            _assembly = Grow(_assembly, _assembled, Math.Max(_assembly.Length * 2, _assembled + count));
        }

        _buffer.AsSpan(offset, count).CopyTo(_assembly.AsSpan(_assembled));
        _assembled += count;
        return fin ? new LeanMessage(_assemblyType, _assembly, 0, _assembled) : null;
    }

    private void ReleaseAssembly()
    {
        if (_assembly is { } assembly)
        {
            _assembly = null;
            _assembled = 0;
            ArrayPool<byte>.Shared.Return(assembly);
        }
    }

    private static byte[] Grow(byte[] buffer, int used, int size) => Grow(buffer, 0, used, size);

    private static byte[] Grow(byte[] buffer, int from, int to, int size)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(from, to - from).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }
}
