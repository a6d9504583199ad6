using System.Net.WebSockets;
using ActorStudio.Protocol.Frames;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// The pump over a <see cref="WebSocket"/> that ASP.NET Core upgraded (TLS connections, HTTP/2, hosts without a raw
/// socket): each frame's payload goes through <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, WebSocketMessageFlags, CancellationToken)"/>,
/// which frames it and writes it to Kestrel's connection pipe. The WebSocket writes its own control frames.
/// </summary>
internal sealed class WebSocketOutboundPump(WebSocket socket) : OutboundPump
{
    // No token on the send: a cancellable send takes ManagedWebSocket's slow path (a registration and an async state
    // machine per frame). A stuck send is ended by aborting the socket (SessionSocket does, once the session closed it).
    protected override ValueTask WriteFrameAsync(WireFrame frame) =>
        socket.SendAsync(frame.Payload, WebSocketMessageType.Binary, WebSocketMessageFlags.EndOfMessage, CancellationToken.None);

    protected override ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes) =>
        throw new InvalidOperationException("An upgraded WebSocket writes its own transport bytes.");
}
