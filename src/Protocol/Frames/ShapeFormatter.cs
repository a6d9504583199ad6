using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Frames;

/// <summary>Encodes and decodes the nested shapes shared by several messages (participants, stream items, snapshots).</summary>
internal static class ShapeFormatter
{
    public static void Write(ref MessagePackWriter writer, ParticipantInfo participant)
    {
        writer.WriteArrayHeader(4);
        writer.Write(participant.ParticipantId);
        writer.Write(participant.DisplayName);
        writer.Write((int)participant.Role);
        writer.Write((int)participant.Presence);
    }

    public static ParticipantInfo ReadParticipant(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        ExpectShape(length, 4, "participant");
        var result = new ParticipantInfo(
            FieldReader.ReadId(ref reader, "participantId"),
            reader.ReadString(),
            FieldReader.ReadEnum<Role>(ref reader, "role"),
            FieldReader.ReadEnum<PresenceState>(ref reader, "presence"));
        SkipExtra(ref reader, length, 4);
        return result;
    }

    public static void Write(ref MessagePackWriter writer, SessionInfo session)
    {
        writer.WriteArrayHeader(4);
        writer.Write(session.SessionId);
        writer.Write(session.Title);
        writer.Write(session.HostParticipantId);
        writer.Write(session.CreatedAt);
    }

    public static SessionInfo ReadSession(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        ExpectShape(length, 4, "session");
        var result = new SessionInfo(
            FieldReader.ReadId(ref reader, "sessionId"),
            reader.ReadString(),
            FieldReader.ReadNullableId(ref reader, "hostParticipantId"),
            reader.ReadTimestamp());
        SkipExtra(ref reader, length, 4);
        return result;
    }

    public static void Write(ref MessagePackWriter writer, StreamItem item)
    {
        writer.WriteArrayHeader(8);
        writer.Write(item.ItemId);
        writer.Write(item.ImageId);
        writer.Write(item.OwnerId);
        writer.Write(item.OwnerName);
        writer.Write(item.Prompt);
        writer.Write(item.Width);
        writer.Write(item.Height);
        writer.Write(item.SharedAt);
    }

    public static StreamItem ReadStreamItem(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        ExpectShape(length, 8, "stream item");
        var result = new StreamItem(
            FieldReader.ReadId(ref reader, "itemId"),
            FieldReader.ReadId(ref reader, "imageId"),
            FieldReader.ReadId(ref reader, "ownerId"),
            reader.ReadString(),
            reader.ReadString(),
            reader.ReadInt32(),
            reader.ReadInt32(),
            reader.ReadTimestamp());
        SkipExtra(ref reader, length, 8);
        return result;
    }

    public static void Write(ref MessagePackWriter writer, RecordingInfo recording)
    {
        writer.WriteArrayHeader(2);
        writer.Write((int)recording.State);
        WriteNullable(ref writer, recording.StartedAt);
    }

    public static RecordingInfo ReadRecording(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        ExpectShape(length, 2, "recording");
        var result = new RecordingInfo(FieldReader.ReadEnum<RecordingState>(ref reader, "recording state"), reader.ReadNullableTimestamp());
        SkipExtra(ref reader, length, 2);
        return result;
    }

    public static void Write(ref MessagePackWriter writer, SessionSnapshot snapshot)
    {
        writer.WriteArrayHeader(6);
        Write(ref writer, snapshot.Session);
        writer.WriteArrayHeader(snapshot.Participants.Count);
        for (var i = 0; i < snapshot.Participants.Count; i++)
        {
            Write(ref writer, snapshot.Participants[i]);
        }

        writer.WriteArrayHeader(snapshot.Chat.Count);
        for (var i = 0; i < snapshot.Chat.Count; i++)
        {
            ServerMessageFormatter.Write(ref writer, snapshot.Chat[i]);
        }

        writer.WriteArrayHeader(snapshot.Stream.Count);
        for (var i = 0; i < snapshot.Stream.Count; i++)
        {
            Write(ref writer, snapshot.Stream[i]);
        }

        Write(ref writer, snapshot.Recording);
        writer.Write(snapshot.ViewersChatMuted);
    }

    public static SessionSnapshot ReadSnapshot(ref MessagePackReader reader)
    {
        var length = reader.ReadArrayHeader();
        ExpectShape(length, 6, "snapshot");
        var session = ReadSession(ref reader);

        var participantCount = reader.ReadArrayHeader();
        var participants = new ParticipantInfo[participantCount];
        for (var i = 0; i < participantCount; i++)
        {
            participants[i] = ReadParticipant(ref reader);
        }

        var chatCount = reader.ReadArrayHeader();
        var chat = new ChatMessage[chatCount];
        for (var i = 0; i < chatCount; i++)
        {
            chat[i] = ServerMessageFormatter.ReadChatEntry(ref reader);
        }

        var streamCount = reader.ReadArrayHeader();
        var stream = new StreamItem[streamCount];
        for (var i = 0; i < streamCount; i++)
        {
            stream[i] = ReadStreamItem(ref reader);
        }

        var recording = ReadRecording(ref reader);
        var muted = reader.ReadBoolean();
        SkipExtra(ref reader, length, 6);
        return new SessionSnapshot(session, participants, chat, stream, recording, muted);
    }

    public static void WriteNullable(ref MessagePackWriter writer, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            writer.Write(instant);
        }
        else
        {
            writer.WriteNil();
        }
    }

    public static void WriteNullable(ref MessagePackWriter writer, long? value)
    {
        if (value is { } number)
        {
            writer.Write(number);
        }
        else
        {
            writer.WriteNil();
        }
    }

    private static void ExpectShape(int length, int fields, string shape)
    {
        if (length < fields)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedFrame, $"A {shape} needs {fields} fields but has {length}.");
        }
    }

    private static void SkipExtra(ref MessagePackReader reader, int length, int known)
    {
        for (var i = known; i < length; i++)
        {
            reader.Skip();
        }
    }
}
