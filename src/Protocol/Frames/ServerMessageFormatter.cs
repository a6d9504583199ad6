using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Frames;

/// <summary>
/// The field layout of every server-to-client message: <c>[type, field1, field2, ...]</c> in the order documented in
/// docs/protocol.md. Writing allocates nothing; reading allocates only the records and their strings.
/// </summary>
internal static class ServerMessageFormatter
{
    public static void Write(ref MessagePackWriter writer, ServerMessage message)
    {
        switch (message)
        {
            case ChatMessage m:
                writer.WriteArrayHeader(10);
                writer.Write((byte)MessageType.ChatMessage);
                writer.Write(m.Seq);
                writer.Write(m.MessageId);
                writer.Write(m.ParticipantId);
                writer.Write(m.DisplayName);
                writer.Write((int)m.Role);
                writer.Write((int)m.Kind);
                writer.Write(m.Text);
                writer.Write(m.SentAt);
                writer.Write(m.CommandId);
                break;
            case Ack m:
                writer.WriteArrayHeader(3);
                writer.Write((byte)MessageType.Ack);
                writer.Write(m.CommandId);
                writer.Write(m.Seq);
                break;
            case TypingChanged m:
                writer.WriteArrayHeader(4);
                writer.Write((byte)MessageType.TypingChanged);
                writer.Write(m.Seq);
                writer.Write(m.ParticipantId);
                writer.Write(m.IsTyping);
                break;
            case PresenceChanged m:
                writer.WriteArrayHeader(3);
                writer.Write((byte)MessageType.PresenceChanged);
                writer.Write(m.Seq);
                ShapeFormatter.Write(ref writer, m.Participant);
                break;
            case VariantProgress m:
                writer.WriteArrayHeader(12);
                writer.Write((byte)MessageType.VariantProgress);
                writer.Write(m.Seq);
                writer.Write(m.GenerationId);
                writer.Write(m.VariantIndex);
                writer.Write((int)m.Status);
                writer.Write(m.Percent);
                writer.Write(m.ImageId);
                writer.Write(m.Width);
                writer.Write(m.Height);
                writer.Write(m.Bytes);
                writer.Write(m.FailureReason);
                writer.Write(m.Retryable);
                break;
            case Error m:
                writer.WriteArrayHeader(5);
                writer.Write((byte)MessageType.Error);
                writer.Write(m.CommandId);
                writer.Write(m.Code);
                writer.Write(m.Message);
                ShapeFormatter.WriteNullable(ref writer, m.RetryAfterMs);
                break;
            case Welcome m:
                writer.WriteArrayHeader(7);
                writer.Write((byte)MessageType.Welcome);
                writer.Write(m.Seq);
                writer.Write(m.ProtocolVersion);
                ShapeFormatter.Write(ref writer, m.Me);
                writer.Write(m.Resumed);
                if (m.Snapshot is null)
                {
                    writer.WriteNil();
                }
                else
                {
                    ShapeFormatter.Write(ref writer, m.Snapshot);
                }

                writer.Write(m.HeartbeatIntervalMs);
                break;
            case Pong m:
                writer.WriteArrayHeader(3);
                writer.Write((byte)MessageType.Pong);
                writer.Write(m.ClientTimeMs);
                writer.Write(m.ServerTime);
                break;
            case Moved m:
                writer.WriteArrayHeader(3);
                writer.Write((byte)MessageType.Moved);
                writer.Write(m.SessionId);
                writer.Write(m.WebSocketUrl);
                break;
            case ChatRemoved m:
                writer.WriteArrayHeader(4);
                writer.Write((byte)MessageType.ChatRemoved);
                writer.Write(m.Seq);
                writer.Write(m.MessageId);
                writer.Write(m.RemovedBy);
                break;
            case GenerationAccepted m:
                writer.WriteArrayHeader(12);
                writer.Write((byte)MessageType.GenerationAccepted);
                writer.Write(m.Seq);
                writer.Write(m.CommandId);
                writer.Write(m.GenerationId);
                writer.Write(m.Prompt);
                writer.Write(m.AspectRatio);
                writer.Write(m.Width);
                writer.Write(m.Height);
                writer.Write(m.Seed);
                writer.Write(m.SourceImageId);
                writer.Write(m.VariantCount);
                writer.Write(m.CreatedAt);
                break;
            case GenerationDone m:
                writer.WriteArrayHeader(5);
                writer.Write((byte)MessageType.GenerationDone);
                writer.Write(m.Seq);
                writer.Write(m.GenerationId);
                writer.Write(m.StoredCount);
                writer.Write(m.FailedCount);
                break;
            case StreamItemAdded m:
                writer.WriteArrayHeader(3);
                writer.Write((byte)MessageType.StreamItemAdded);
                writer.Write(m.Seq);
                ShapeFormatter.Write(ref writer, m.Item);
                break;
            case StreamItemRemoved m:
                writer.WriteArrayHeader(5);
                writer.Write((byte)MessageType.StreamItemRemoved);
                writer.Write(m.Seq);
                writer.Write(m.ItemId);
                writer.Write(m.RemovedBy);
                writer.Write((int)m.Reason);
                break;
            case ViewersChatMuteChanged m:
                writer.WriteArrayHeader(4);
                writer.Write((byte)MessageType.ViewersChatMuteChanged);
                writer.Write(m.Seq);
                writer.Write(m.Muted);
                writer.Write(m.ChangedBy);
                break;
            case RecordingStatus m:
                writer.WriteArrayHeader(5);
                writer.Write((byte)MessageType.RecordingStatus);
                writer.Write(m.Seq);
                writer.Write((int)m.State);
                ShapeFormatter.WriteNullable(ref writer, m.StartedAt);
                writer.Write(m.Detail);
                break;
            default:
                throw new ArgumentException($"{message.GetType().Name} is not a server message this codec knows.", nameof(message));
        }
    }

    /// <summary>Reads one server message (not a batch).</summary>
    public static ServerMessage Read(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        var type = ReadType(ref reader, length);
        return ReadBody(ref reader, type, length);
    }

    /// <summary>
    /// Reads a snapshot's chat entry. The type is checked before any field is read, so a hostile snapshot cannot nest
    /// Welcomes inside chat entries to recurse without bound.
    /// </summary>
    public static ChatMessage ReadChatEntry(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        var type = ReadType(ref reader, length);
        if (type != MessageType.ChatMessage)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedFrame, $"A snapshot chat entry has type {(int)type}, not ChatMessage.");
        }

        return (ChatMessage)ReadBody(ref reader, type, length);
    }

    private static ServerMessage ReadBody(ref MessagePackReader reader, MessageType type, int length)
    {
        ServerMessage result;
        int fields;
        switch (type)
        {
            case MessageType.ChatMessage:
                FieldReader.ExpectFields(length, fields = 9, type);
                result = new ChatMessage(
                    reader.ReadInt64(),
                    FieldReader.ReadId(ref reader, "messageId"),
                    FieldReader.ReadNullableId(ref reader, "participantId"),
                    reader.ReadString(),
                    FieldReader.ReadEnum<Role>(ref reader, "role"),
                    FieldReader.ReadEnum<ChatMessageKind>(ref reader, "kind"),
                    reader.ReadString(),
                    reader.ReadTimestamp(),
                    FieldReader.ReadNullableCommandId(ref reader));
                break;
            case MessageType.Ack:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new Ack(FieldReader.ReadCommandId(ref reader), reader.ReadInt64());
                break;
            case MessageType.TypingChanged:
                FieldReader.ExpectFields(length, fields = 3, type);
                result = new TypingChanged(reader.ReadInt64(), FieldReader.ReadId(ref reader, "participantId"), reader.ReadBoolean());
                break;
            case MessageType.PresenceChanged:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new PresenceChanged(reader.ReadInt64(), ShapeFormatter.ReadParticipant(ref reader));
                break;
            case MessageType.VariantProgress:
                FieldReader.ExpectFields(length, fields = 11, type);
                result = new VariantProgress(
                    reader.ReadInt64(),
                    FieldReader.ReadId(ref reader, "generationId"),
                    FieldReader.ReadRange(ref reader, "variantIndex", 0, ProtocolLimits.VariantsPerGeneration - 1),
                    FieldReader.ReadEnum<VariantStatus>(ref reader, "status"),
                    FieldReader.ReadRange(ref reader, "percent", 0, 100),
                    FieldReader.ReadNullableId(ref reader, "imageId"),
                    reader.ReadInt32(),
                    reader.ReadInt32(),
                    reader.ReadInt64(),
                    reader.ReadNullableString(),
                    reader.ReadBoolean());
                break;
            case MessageType.Error:
                FieldReader.ExpectFields(length, fields = 4, type);
                result = new Error(
                    FieldReader.ReadNullableCommandId(ref reader),
                    reader.ReadString(),
                    reader.ReadString(),
                    FieldReader.ReadNullableInt32(ref reader));
                break;
            case MessageType.Welcome:
                FieldReader.ExpectFields(length, fields = 6, type);
                result = new Welcome(
                    reader.ReadInt64(),
                    reader.ReadInt32(),
                    ShapeFormatter.ReadParticipant(ref reader),
                    reader.ReadBoolean(),
                    reader.TryReadNil() ? null : ShapeFormatter.ReadSnapshot(ref reader),
                    reader.ReadInt32());
                break;
            case MessageType.Pong:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new Pong(reader.ReadInt64(), reader.ReadTimestamp());
                break;
            case MessageType.Moved:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new Moved(FieldReader.ReadId(ref reader, "sessionId"), reader.ReadString());
                break;
            case MessageType.ChatRemoved:
                FieldReader.ExpectFields(length, fields = 3, type);
                result = new ChatRemoved(reader.ReadInt64(), FieldReader.ReadId(ref reader, "messageId"), FieldReader.ReadId(ref reader, "removedBy"));
                break;
            case MessageType.GenerationAccepted:
                FieldReader.ExpectFields(length, fields = 11, type);
                result = new GenerationAccepted(
                    reader.ReadInt64(),
                    FieldReader.ReadCommandId(ref reader),
                    FieldReader.ReadId(ref reader, "generationId"),
                    reader.ReadString(),
                    reader.ReadString(),
                    reader.ReadInt32(),
                    reader.ReadInt32(),
                    reader.ReadInt64(),
                    FieldReader.ReadNullableId(ref reader, "sourceImageId"),
                    reader.ReadInt32(),
                    reader.ReadTimestamp());
                break;
            case MessageType.GenerationDone:
                FieldReader.ExpectFields(length, fields = 4, type);
                result = new GenerationDone(reader.ReadInt64(), FieldReader.ReadId(ref reader, "generationId"), reader.ReadInt32(), reader.ReadInt32());
                break;
            case MessageType.StreamItemAdded:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new StreamItemAdded(reader.ReadInt64(), ShapeFormatter.ReadStreamItem(ref reader));
                break;
            case MessageType.StreamItemRemoved:
                FieldReader.ExpectFields(length, fields = 4, type);
                result = new StreamItemRemoved(
                    reader.ReadInt64(),
                    FieldReader.ReadId(ref reader, "itemId"),
                    FieldReader.ReadId(ref reader, "removedBy"),
                    FieldReader.ReadEnum<StreamRemovalReason>(ref reader, "reason"));
                break;
            case MessageType.ViewersChatMuteChanged:
                FieldReader.ExpectFields(length, fields = 3, type);
                result = new ViewersChatMuteChanged(reader.ReadInt64(), reader.ReadBoolean(), FieldReader.ReadId(ref reader, "changedBy"));
                break;
            case MessageType.RecordingStatus:
                FieldReader.ExpectFields(length, fields = 4, type);
                result = new RecordingStatus(
                    reader.ReadInt64(),
                    FieldReader.ReadEnum<RecordingState>(ref reader, "state"),
                    reader.ReadNullableTimestamp(),
                    reader.ReadNullableString());
                break;
            default:
                throw new ProtocolException(ProtocolErrorCode.UnknownMessageType, $"{(int)type} is not a server message type.");
        }

        FieldReader.SkipExtraFields(ref reader, length, fields);
        return result;
    }

    /// <summary>Reads the type code that opens every frame.</summary>
    public static MessageType ReadType(ref MessagePackReader reader, int arrayLength)
    {
        if (arrayLength < 1)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedFrame, "A frame is an array that starts with its message type.");
        }

        if (reader.NextType != MessagePackType.Integer)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedFrame, "A frame's first element must be its integer message type.");
        }

        var code = reader.ReadInt64();
        if (code is < 1 or > 127)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownMessageType, $"{code} is not a message type.");
        }

        return (MessageType)code;
    }
}
