using System.Net.Sockets;
using ActorStudio.Protocol.Frames;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// The pump over the connection's own <see cref="Socket"/> (plain TCP, upgraded by <see cref="SessionSocketConnectionHandler"/>):
/// a frame's <see cref="WireFrame.WebSocketFrame"/> — header and payload, one array shared by every socket of the
/// audience — is one non-blocking send. .NET tries the send at once and only parks it on the socket engine when the
/// kernel's buffer is full, so a fan-out costs one system call per socket and nothing else.
/// The WebSocket's control frames and the upgrade response arrive as transport bytes
/// (<see cref="SessionTransportStream"/>) and keep their order with the frames.
/// </summary>
internal sealed class SocketOutboundPump(Socket socket) : OutboundPump
{
    public void Write(ReadOnlyMemory<byte> bytes) => WriteTransportBytes(bytes);

    protected override ValueTask WriteFrameAsync(WireFrame frame) => Send(frame.WebSocketFrame);

    protected override ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes) => Send(bytes);

    private ValueTask Send(ReadOnlyMemory<byte> bytes)
    {
        if (NonBlockingSend.IsSupported)
        {
            var taken = NonBlockingSend.TrySend(socket, bytes.Span);
            if (taken == bytes.Length)
            {
                return ValueTask.CompletedTask;
            }

            // The buffer is full (or the socket failed: SendAsync then throws the error properly).
            bytes = bytes[Math.Max(taken, 0)..];
        }

        // A stream socket's send completes when every byte is taken (it continues by itself after a partial write).
        var send = socket.SendAsync(bytes, SocketFlags.None);
        if (send.IsCompletedSuccessfully)
        {
            _ = send.Result;
            return ValueTask.CompletedTask;
        }

        return new ValueTask(send.AsTask());
    }
}
