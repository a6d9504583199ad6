using System.Net.WebSockets;
using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Tests;

/// <summary>
/// <see cref="WireFrame"/> writes the RFC 6455 header itself; .NET's client-side WebSocket, an independent reader,
/// must take the bytes as exactly one final binary message holding the payload, at every length-encoding boundary.
/// </summary>
public sealed class WireFrameTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(70000)]
    public async Task A_frame_is_one_final_binary_message_with_exactly_the_payload(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);

        var frame = WireFrame.Create(payload);

        Assert.Equal(payload, frame.Payload.ToArray());
        Assert.Equal(length, frame.Length);

        // Append a second frame: the reader must stop exactly at the first one's end (a wrong length would spill).
        var next = WireFrame.Create([0x2a]);
        using var stream = new MemoryStream([.. frame.WebSocketFrame.ToArray(), .. next.WebSocketFrame.ToArray()]);
        using var client = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var received = new byte[length + 16];
        var result = await client.ReceiveAsync(received.AsMemory(), timeout.Token);

        Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
        Assert.True(result.EndOfMessage);
        Assert.Equal(length, result.Count);
        Assert.Equal(payload, received.AsSpan(0, result.Count).ToArray());

        var second = await client.ReceiveAsync(received.AsMemory(), timeout.Token);
        Assert.Equal(WebSocketMessageType.Binary, second.MessageType);
        Assert.True(second.EndOfMessage);
        Assert.Equal(new byte[] { 0x2a }, received.AsSpan(0, second.Count).ToArray());
    }

    [Fact]
    public void The_header_uses_the_shortest_length_form()
    {
        Assert.Equal(2, WireFrame.Create(new byte[125]).WebSocketFrame.Length - 125);
        Assert.Equal(4, WireFrame.Create(new byte[126]).WebSocketFrame.Length - 126);
        Assert.Equal(4, WireFrame.Create(new byte[65535]).WebSocketFrame.Length - 65535);
        Assert.Equal(10, WireFrame.Create(new byte[65536]).WebSocketFrame.Length - 65536);
    }
}
