using System.Net.WebSockets;

namespace ActorStudio.LoadTester.Targets;

/// <summary>One received WebSocket message: a slice of the socket's receive buffer, valid until the next receive.</summary>
public readonly struct LeanMessage(WebSocketMessageType type, byte[] buffer, int offset, int count)
{
    public WebSocketMessageType Type { get; } = type;

    public int Count { get; } = count;

    public ReadOnlySpan<byte> Span => buffer.AsSpan(offset, Count);
}
