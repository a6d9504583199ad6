using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Frames;

/// <summary>The field layout of every client-to-server command, as documented in docs/protocol.md.</summary>
internal static class ClientCommandFormatter
{
    public static void Write(ref MessagePackWriter writer, ClientCommand command)
    {
        switch (command)
        {
            case Hello c:
                writer.WriteArrayHeader(4);
                writer.Write((byte)MessageType.Hello);
                writer.Write(c.ProtocolVersion);
                writer.Write(c.Token);
                ShapeFormatter.WriteNullable(ref writer, c.LastSeenSeq);
                break;
            case Ping c:
                writer.WriteArrayHeader(2);
                writer.Write((byte)MessageType.Ping);
                writer.Write(c.ClientTimeMs);
                break;
            case PostChat c:
                WriteRequestHeader(ref writer, MessageType.PostChat, c, 1);
                writer.Write(c.Text);
                break;
            case SetTyping c:
                writer.WriteArrayHeader(2);
                writer.Write((byte)MessageType.SetTyping);
                writer.Write(c.IsTyping);
                break;
            case SetIdle c:
                writer.WriteArrayHeader(2);
                writer.Write((byte)MessageType.SetIdle);
                writer.Write(c.IsIdle);
                break;
            case Generate c:
                WriteRequestHeader(ref writer, MessageType.Generate, c, 4);
                writer.Write(c.Prompt);
                writer.Write(c.AspectRatio);
                ShapeFormatter.WriteNullable(ref writer, c.Seed);
                writer.Write(c.SourceImageId);
                break;
            case RetryVariant c:
                WriteRequestHeader(ref writer, MessageType.RetryVariant, c, 2);
                writer.Write(c.GenerationId);
                writer.Write(c.VariantIndex);
                break;
            case Favorite c:
                WriteRequestHeader(ref writer, MessageType.Favorite, c, 1);
                writer.Write(c.ImageId);
                break;
            case Unfavorite c:
                WriteRequestHeader(ref writer, MessageType.Unfavorite, c, 1);
                writer.Write(c.ImageId);
                break;
            case RemoveContent c:
                WriteRequestHeader(ref writer, MessageType.RemoveContent, c, 2);
                writer.Write((int)c.Target);
                writer.Write(c.TargetId);
                break;
            case MuteViewersChat c:
                WriteRequestHeader(ref writer, MessageType.MuteViewersChat, c, 1);
                writer.Write(c.Muted);
                break;
            case StartRecording c:
                WriteRequestHeader(ref writer, MessageType.StartRecording, c, 0);
                break;
            case StopRecording c:
                WriteRequestHeader(ref writer, MessageType.StopRecording, c, 0);
                break;
            case EndSession c:
                WriteRequestHeader(ref writer, MessageType.EndSession, c, 0);
                break;
            default:
                throw new ArgumentException($"{command.GetType().Name} is not a client command this codec knows.", nameof(command));
        }
    }

    public static ClientCommand Read(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        var type = ServerMessageFormatter.ReadType(ref reader, length);
        ClientCommand result;
        int fields;
        switch (type)
        {
            case MessageType.Hello:
                FieldReader.ExpectFields(length, fields = 3, type);
                result = new Hello(
                    reader.ReadInt32(),
                    FieldReader.ReadId(ref reader, "token", ProtocolLimits.MaxTokenBytes),
                    FieldReader.ReadNullableInt64(ref reader));
                break;
            case MessageType.Ping:
                FieldReader.ExpectFields(length, fields = 1, type);
                result = new Ping(reader.ReadInt64());
                break;
            case MessageType.PostChat:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new PostChat(FieldReader.ReadCommandId(ref reader), reader.ReadString());
                break;
            case MessageType.SetTyping:
                FieldReader.ExpectFields(length, fields = 1, type);
                result = new SetTyping(reader.ReadBoolean());
                break;
            case MessageType.SetIdle:
                FieldReader.ExpectFields(length, fields = 1, type);
                result = new SetIdle(reader.ReadBoolean());
                break;
            case MessageType.Generate:
                FieldReader.ExpectFields(length, fields = 5, type);
                result = new Generate(
                    FieldReader.ReadCommandId(ref reader),
                    reader.ReadString(),
                    reader.ReadString(),
                    FieldReader.ReadNullableInt64(ref reader),
                    FieldReader.ReadNullableId(ref reader, "sourceImageId"));
                break;
            case MessageType.RetryVariant:
                FieldReader.ExpectFields(length, fields = 3, type);
                result = new RetryVariant(
                    FieldReader.ReadCommandId(ref reader),
                    FieldReader.ReadId(ref reader, "generationId"),
                    FieldReader.ReadRange(ref reader, "variantIndex", 0, ProtocolLimits.VariantsPerGeneration - 1));
                break;
            case MessageType.Favorite:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new Favorite(FieldReader.ReadCommandId(ref reader), FieldReader.ReadId(ref reader, "imageId"));
                break;
            case MessageType.Unfavorite:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new Unfavorite(FieldReader.ReadCommandId(ref reader), FieldReader.ReadId(ref reader, "imageId"));
                break;
            case MessageType.RemoveContent:
                FieldReader.ExpectFields(length, fields = 3, type);
                result = new RemoveContent(
                    FieldReader.ReadCommandId(ref reader),
                    FieldReader.ReadEnum<ModerationTarget>(ref reader, "target"),
                    FieldReader.ReadId(ref reader, "targetId"));
                break;
            case MessageType.MuteViewersChat:
                FieldReader.ExpectFields(length, fields = 2, type);
                result = new MuteViewersChat(FieldReader.ReadCommandId(ref reader), reader.ReadBoolean());
                break;
            case MessageType.StartRecording:
                FieldReader.ExpectFields(length, fields = 1, type);
                result = new StartRecording(FieldReader.ReadCommandId(ref reader));
                break;
            case MessageType.StopRecording:
                FieldReader.ExpectFields(length, fields = 1, type);
                result = new StopRecording(FieldReader.ReadCommandId(ref reader));
                break;
            case MessageType.EndSession:
                FieldReader.ExpectFields(length, fields = 1, type);
                result = new EndSession(FieldReader.ReadCommandId(ref reader));
                break;
            default:
                throw new ProtocolException(ProtocolErrorCode.UnknownMessageType, $"{(int)type} is not a client command type.");
        }

        FieldReader.SkipExtraFields(ref reader, length, fields);
        return result;
    }

    private static void WriteRequestHeader(ref MessagePackWriter writer, MessageType type, ClientRequest request, int fieldsAfterCommandId)
    {
        writer.WriteArrayHeader(2 + fieldsAfterCommandId);
        writer.Write((byte)type);
        writer.Write(request.CommandId);
    }
}
