using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using ActorStudio.LoadTester.Targets;

namespace ActorStudio.LoadTester.Tests;

/// <summary>The load tester's WebSocket client against a hand-written RFC 6455 server on loopback (every byte chosen by the test).</summary>
public sealed class LeanWebSocketTests
{
    [Fact]
    public async Task ReadsBatchedFragmentedAndLargeMessagesAnswersPingsAndKeepsTheCloseReason()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<byte[]> server = ServeAsync(listener);

        using LeanWebSocket socket = await LeanWebSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), 0, CancellationToken.None);
        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Binary, CancellationToken.None);

        LeanMessage first = await socket.ReceiveAsync(CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Text, first.Type);
        Assert.Equal("one", Encoding.UTF8.GetString(first.Span));
        LeanMessage second = await socket.ReceiveAsync(CancellationToken.None);
        Assert.Equal("two", Encoding.UTF8.GetString(second.Span));
        LeanMessage fragmented = await socket.ReceiveAsync(CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Binary, fragmented.Type);
        Assert.Equal("frag-mented", Encoding.UTF8.GetString(fragmented.Span));
        LeanMessage large = await socket.ReceiveAsync(CancellationToken.None);
        Assert.Equal(100_000, large.Count);
        Assert.True(large.Span.IndexOfAnyExcept((byte)'z') < 0);
        LeanMessage close = await socket.ReceiveAsync(CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal((WebSocketCloseStatus)4011, socket.CloseStatus);
        Assert.Equal("slow consumer", socket.CloseStatusDescription);

        byte[] pong = await server;
        Assert.Equal("ping!", Encoding.UTF8.GetString(pong));
    }

    [Fact]
    public async Task RefusedUpgradeSaysWhatTheServerAnswered()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task refuse = Task.Run(async () =>
        {
            using TcpClient client = await listener.AcceptTcpClientAsync();
            NetworkStream stream = client.GetStream();
            await ReadHeadAsync(stream);
            await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        });

        var error = await Assert.ThrowsAsync<WebSocketException>(() => LeanWebSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/hub"), 0, CancellationToken.None));
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        await refuse;
    }

    private static async Task<byte[]> ServeAsync(TcpListener listener)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync();
        NetworkStream stream = client.GetStream();
        string head = await ReadHeadAsync(stream);
        string key = head.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));

        // The client's first frame must be masked.
        (int opcode, byte[] hello) = await ReadClientFrameAsync(stream);
        Assert.Equal(0x2, opcode);
        Assert.Equal("hello", Encoding.UTF8.GetString(hello));

        // Two messages in one write, a ping between the fragments of a third, a 100 kB message, then close with a reason.
        var burst = new List<byte>();
        burst.AddRange(Frame(0x1, true, "one"u8));
        burst.AddRange(Frame(0x1, true, "two"u8));
        burst.AddRange(Frame(0x2, false, "frag-"u8));
        burst.AddRange(Frame(0x9, true, "ping!"u8));
        burst.AddRange(Frame(0x0, true, "mented"u8));
        await stream.WriteAsync(burst.ToArray());
        await stream.WriteAsync(Frame(0x2, true, Enumerable.Repeat((byte)'z', 100_000).ToArray()));
        (int pongCode, byte[] pong) = await ReadClientFrameAsync(stream);
        Assert.Equal(0xA, pongCode);
        byte[] closeBody = new byte[2 + "slow consumer"u8.Length];
        BinaryPrimitives.WriteUInt16BigEndian(closeBody, 4011);
        "slow consumer"u8.CopyTo(closeBody.AsSpan(2));
        await stream.WriteAsync(Frame(0x8, true, closeBody));
        (int closeCode, _) = await ReadClientFrameAsync(stream);
        Assert.Equal(0x8, closeCode);
        return pong;
    }

    private static byte[] Frame(int opcode, bool fin, ReadOnlySpan<byte> payload)
    {
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)payload.Length);
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.Add(126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add(127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                frame.Add((byte)((long)payload.Length >> shift));
            }
        }

        frame.AddRange(payload.ToArray());
        return [.. frame];
    }

    private static async Task<(int Opcode, byte[] Payload)> ReadClientFrameAsync(NetworkStream stream)
    {
        byte[] head = new byte[2];
        await stream.ReadExactlyAsync(head);
        Assert.True((head[1] & 0x80) != 0, "client frames must be masked");
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            byte[] ext = new byte[2];
            await stream.ReadExactlyAsync(ext);
            length = BinaryPrimitives.ReadUInt16BigEndian(ext);
        }

        byte[] key = new byte[4];
        await stream.ReadExactlyAsync(key);
        byte[] payload = new byte[length];
        await stream.ReadExactlyAsync(payload);
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] ^= key[i & 3];
        }

        return (head[0] & 0x0F, payload);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        byte[] one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            await stream.ReadExactlyAsync(one);
            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
