using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>A response head as it came off the wire: status line and headers (names lower-cased, as sent otherwise).</summary>
internal sealed record RawResponse(int Status, string Head, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public bool Has(string name) => Headers.ContainsKey(name.ToLowerInvariant());

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>
/// One raw TCP connection to a test server: bytes go out exactly as written (in pieces if asked), responses are read
/// without reading past them, so the same connection can carry a second request or become a WebSocket.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;

    private RawHttpConnection(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
    }

    public Stream Stream => stream;

    /// <param name="receiveBufferBytes">A tiny TCP receive window makes a connection that stops reading back up quickly.</param>
    public static async Task<RawHttpConnection> OpenAsync(Uri baseAddress, int? receiveBufferBytes = null)
    {
        var tcp = new TcpClient { NoDelay = true }; // each piece leaves as its own segment
        if (receiveBufferBytes is { } size)
        {
            tcp.ReceiveBufferSize = size;
        }

        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        return new RawHttpConnection(tcp);
    }

    public static string NewKey() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    public static string UpgradeHead(Uri baseAddress, string path, string? key, string? extraHeaders = null) =>
        $"GET {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Version: 13\r\n" + (key is null ? string.Empty : $"Sec-WebSocket-Key: {key}\r\n") + extraHeaders + "\r\n";

    public async Task SendAsync(string text) => await SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    /// <summary>Sends <paramref name="text"/> cut at <paramref name="cuts"/>, pausing between the pieces.</summary>
    public async Task SendInPiecesAsync(string text, TimeSpan pause, params int[] cuts)
    {
        var start = 0;
        foreach (var cut in cuts.Append(text.Length))
        {
            await SendAsync(text[start..cut]);
            start = cut;
            if (cut < text.Length)
            {
                await Task.Delay(pause);
            }
        }
    }

    /// <summary>Reads one response: the head byte by byte, then a Content-Length or chunked body (none for 101).</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                throw new IOException($"The server closed the connection after: {head}");
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = new MemoryStream();
        if (headers.TryGetValue("content-length", out var length))
        {
            await CopyExactlyAsync(body, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
        }
        else if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(timeout.Token)).Split(';')[0], 16);
                await CopyExactlyAsync(body, size, timeout.Token);
                await ReadLineAsync(timeout.Token);
                if (size == 0)
                {
                    break;
                }
            }
        }

        return new RawResponse(status, head.ToString(), headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>The connection, now upgraded, as a client-side WebSocket (.NET's own framing, masking included).</summary>
    public WebSocket AsWebSocket() => WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });

    public static async Task SendCommandAsync(WebSocket socket, ClientCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteClientCommand(buffer, command);
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Binary, true, timeout.Token);
    }

    /// <summary>Reads messages (batches flattened) until one of type <typeparamref name="T"/> arrives.</summary>
    public static async Task<T> ReceiveAsync<T>(WebSocket socket, List<ServerMessage>? seen = null)
        where T : ServerMessage
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[1 << 16];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2); // a Batch can be large
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(count), timeout.Token);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"Closed ({socket.CloseStatus} {socket.CloseStatusDescription}) before a {typeof(T).Name}.");
            }

            foreach (var message in FrameReader.ReadServerFrame(buffer.AsSpan(0, count)))
            {
                seen?.Add(message);
                if (message is T typed)
                {
                    return typed;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        tcp.Dispose();
    }

    private async Task CopyExactlyAsync(Stream target, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        await target.WriteAsync(buffer, cancellationToken);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            line.Append((char)one[0]);
        }

        return line.ToString()[..^2];
    }
}
