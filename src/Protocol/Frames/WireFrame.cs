namespace ActorStudio.Protocol.Frames;

/// <summary>
/// One server frame as it goes to every socket that receives it: the MessagePack payload in an array that keeps room
/// in front for the RFC 6455 frame header (binary, final, unmasked — a server never masks), written once when the
/// frame is made. A session fans one frame out to hundreds of sockets; with the header already in place a transport
/// that owns its socket sends <see cref="WebSocketFrame"/> as it is, without a copy or a header write per socket
/// (the idea of SignalR's <c>SerializedHubMessage</c>, which caches a message's bytes per protocol for a group send).
/// </summary>
public readonly struct WireFrame
{
    /// <summary>The largest header of a server frame: 2 bytes, plus 8 for a 64-bit length.</summary>
    public const int HeaderRoom = 10;

    private const byte FinalBinary = 0x82; // FIN + opcode 2 (binary)

    private readonly byte[]? buffer;
    private readonly int headerStart;

    private WireFrame(byte[] buffer, int headerStart)
    {
        this.buffer = buffer;
        this.headerStart = headerStart;
    }

    public static WireFrame Empty => default;

    public bool IsEmpty => buffer is null || buffer.Length == HeaderRoom;

    /// <summary>The MessagePack frame (what a client decodes).</summary>
    public ReadOnlyMemory<byte> Payload => buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(HeaderRoom);

    /// <summary>The whole WebSocket frame: header and payload, ready for the socket.</summary>
    public ReadOnlyMemory<byte> WebSocketFrame => buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(headerStart);

    /// <summary>Payload length, the figure the outbound limits count.</summary>
    public int Length => buffer is null ? 0 : buffer.Length - HeaderRoom;

    /// <summary>Copies <paramref name="payload"/> into a new frame (one allocation: the array every socket shares).</summary>
    public static WireFrame Create(ReadOnlySpan<byte> payload)
    {
        var array = new byte[HeaderRoom + payload.Length];
        payload.CopyTo(array.AsSpan(HeaderRoom));
        return new WireFrame(array, WriteHeader(array, payload.Length));
    }

    /// <summary>Writes the header right-aligned in the room before the payload; returns where it starts.</summary>
    private static int WriteHeader(byte[] array, int length)
    {
        if (length < 126)
        {
            array[HeaderRoom - 2] = FinalBinary;
            array[HeaderRoom - 1] = (byte)length;
            return HeaderRoom - 2;
        }

        if (length <= ushort.MaxValue)
        {
            array[HeaderRoom - 4] = FinalBinary;
            array[HeaderRoom - 3] = 126;
            array[HeaderRoom - 2] = (byte)(length >> 8);
            array[HeaderRoom - 1] = (byte)length;
            return HeaderRoom - 4;
        }

        array[0] = FinalBinary;
        array[1] = 127;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(array.AsSpan(2, 8), (ulong)length);
        return 0;
    }
}
