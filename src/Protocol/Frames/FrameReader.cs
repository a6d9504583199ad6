using System.Buffers;
using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Frames;

/// <summary>
/// Decodes whole frames. Every failure, whatever the input, is a <see cref="ProtocolException"/>; a frame with bytes
/// after its outer array is refused too.
/// </summary>
public static class FrameReader
{
    /// <summary>Reads the command in a client frame (server side), under <see cref="MessagePackReaderOptions.ClientFrames"/> by default.</summary>
    public static ClientCommand ReadClientCommand(ReadOnlySequence<byte> frame, MessagePackReaderOptions? options = null)
    {
        var reader = new MessagePackReader(frame, options ?? MessagePackReaderOptions.ClientFrames);
        try
        {
            return ReadClientCommand(ref reader);
        }
        finally
        {
            reader.Dispose();
        }
    }

    public static ClientCommand ReadClientCommand(ReadOnlySpan<byte> frame, MessagePackReaderOptions? options = null)
    {
        var reader = new MessagePackReader(frame, options ?? MessagePackReaderOptions.ClientFrames);
        return ReadClientCommand(ref reader);
    }

    /// <summary>
    /// Reads a server frame (client side) and appends its messages to <paramref name="messages"/>: one for a plain
    /// frame, every entry for a Batch. Uses <see cref="MessagePackReaderOptions.ServerFrames"/> by default.
    /// </summary>
    public static void ReadServerFrame(ReadOnlySequence<byte> frame, ICollection<ServerMessage> messages, MessagePackReaderOptions? options = null)
    {
        var reader = new MessagePackReader(frame, options ?? MessagePackReaderOptions.ServerFrames);
        try
        {
            ReadServerFrame(ref reader, messages);
        }
        finally
        {
            reader.Dispose();
        }
    }

    public static void ReadServerFrame(ReadOnlySpan<byte> frame, ICollection<ServerMessage> messages, MessagePackReaderOptions? options = null)
    {
        var reader = new MessagePackReader(frame, options ?? MessagePackReaderOptions.ServerFrames);
        ReadServerFrame(ref reader, messages);
    }

    /// <summary>Convenience overload that returns a new list.</summary>
    public static IReadOnlyList<ServerMessage> ReadServerFrame(ReadOnlySpan<byte> frame, MessagePackReaderOptions? options = null)
    {
        var messages = new List<ServerMessage>();
        ReadServerFrame(frame, messages, options);
        return messages;
    }

    private static ClientCommand ReadClientCommand(ref MessagePackReader reader)
    {
        var command = ClientCommandFormatter.Read(ref reader);
        ExpectEnd(ref reader);
        return command;
    }

    private static void ReadServerFrame(ref MessagePackReader reader, ICollection<ServerMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (IsBatch(ref reader))
        {
            var length = reader.ReadArrayHeader();
            reader.ReadInt64();
            FieldReader.ExpectFields(length, 1, MessageType.Batch);
            var count = reader.ReadArrayHeader();
            for (var i = 0; i < count; i++)
            {
                messages.Add(ServerMessageFormatter.Read(ref reader));
            }

            FieldReader.SkipExtraFields(ref reader, length, 1);
        }
        else
        {
            messages.Add(ServerMessageFormatter.Read(ref reader));
        }

        ExpectEnd(ref reader);
    }

    /// <summary>Looks at the type code without consuming anything.</summary>
    private static bool IsBatch(ref MessagePackReader reader)
    {
        var probe = reader;
        var length = probe.ReadArrayHeader();
        return length >= 1 && probe.NextType == MessagePackType.Integer && probe.ReadInt64() == (long)MessageType.Batch;
    }

    private static void ExpectEnd(ref MessagePackReader reader)
    {
        if (!reader.End)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedFrame, $"{reader.Remaining} bytes follow the frame's array.");
        }
    }
}
