using System.Buffers;
using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Frames;

/// <summary>
/// Encodes whole frames (one WebSocket binary message each). Allocates nothing besides what the output buffer
/// writer allocates; with a reused <see cref="PooledBufferWriter"/> that is nothing at all.
/// </summary>
public static class FrameWriter
{
    /// <summary>Writes one server message as its own frame.</summary>
    public static void WriteServerMessage(IBufferWriter<byte> output, ServerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new MessagePackWriter(output);
        ServerMessageFormatter.Write(ref writer, message);
        writer.Flush();
    }

    /// <summary>
    /// Writes the messages of one flush as one frame: a single message as itself, several as a Batch
    /// (<c>[68, [message, message, ...]]</c>). Clients must accept both.
    /// </summary>
    public static void WriteServerFrame(IBufferWriter<byte> output, ReadOnlySpan<ServerMessage> messages)
    {
        if (messages.Length == 1)
        {
            WriteServerMessage(output, messages[0]);
            return;
        }

        WriteBatch(output, messages);
    }

    /// <summary>Writes a Batch frame, whatever the number of messages.</summary>
    public static void WriteBatch(IBufferWriter<byte> output, ReadOnlySpan<ServerMessage> messages)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(2);
        writer.Write((byte)MessageType.Batch);
        writer.WriteArrayHeader(messages.Length);
        for (var i = 0; i < messages.Length; i++)
        {
            ServerMessageFormatter.Write(ref writer, messages[i]);
        }

        writer.Flush();
    }

    /// <summary>
    /// Writes a Batch frame from messages that were each encoded once already (e.g. an event encoded for the whole
    /// room, combined with one participant's ack), so fan-out does not re-encode.
    /// </summary>
    public static void WriteBatch(IBufferWriter<byte> output, ReadOnlySpan<ReadOnlyMemory<byte>> encodedMessages)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(2);
        writer.Write((byte)MessageType.Batch);
        writer.WriteArrayHeader(encodedMessages.Length);
        for (var i = 0; i < encodedMessages.Length; i++)
        {
            writer.WriteRaw(encodedMessages[i].Span);
        }

        writer.Flush();
    }

    /// <summary>Writes one client command as a frame (used by the load tester and tests).</summary>
    public static void WriteClientCommand(IBufferWriter<byte> output, ClientCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var writer = new MessagePackWriter(output);
        ClientCommandFormatter.Write(ref writer, command);
        writer.Flush();
    }
}
