using ActorStudio.Protocol.MessagePack;

namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Journal layouts of the core session events (schema v1 each). Field order is the wire contract of the journal.</summary>
public static class CoreEventCodecs
{
    public static void RegisterAll(SessionEventSerializer serializer)
    {
        serializer.Register(new SessionCreatedCodec());
        serializer.Register(new ParticipantJoinedCodec());
        serializer.Register(new ParticipantRemovedCodec());
        serializer.Register(new ParticipantLeftCodec());
        serializer.Register(new ChatMessagePostedCodec());
        serializer.Register(new ChatMessageRemovedCodec());
        serializer.Register(new ViewerChatMutedCodec());
        serializer.Register(new SessionEndedCodec());
    }

    private sealed class SessionCreatedCodec : SessionEventCodec<SessionCreated>
    {
        public override string Name => "session.created";

        public override int Version => SessionCreated.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, SessionCreated e)
        {
            w.WriteArrayHeader(6);
            w.Write(e.SessionId);
            w.Write(e.Title);
            w.Write(e.HostCodeHash);
            w.Write(e.CollaboratorCodeHash);
            w.Write(e.ViewerCodeHash);
            w.Write(e.At);
        }

        protected override SessionCreated Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new SessionCreated(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadTimestamp());
        }
    }

    private sealed class ParticipantJoinedCodec : SessionEventCodec<ParticipantJoined>
    {
        public override string Name => "participant.joined";

        public override int Version => ParticipantJoined.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ParticipantJoined e)
        {
            w.WriteArrayHeader(4);
            w.Write(e.ParticipantId);
            w.Write(e.DisplayName);
            w.Write((int)e.Role);
            w.Write(e.At);
        }

        protected override ParticipantJoined Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ParticipantJoined(r.ReadString(), r.ReadString(), (ParticipantRole)r.ReadInt32(), r.ReadTimestamp());
        }
    }

    private sealed class ParticipantRemovedCodec : SessionEventCodec<ParticipantRemoved>
    {
        public override string Name => "participant.removed";

        public override int Version => ParticipantRemoved.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ParticipantRemoved e)
        {
            w.WriteArrayHeader(4);
            w.Write(e.ParticipantId);
            w.Write(e.ByParticipantId);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override ParticipantRemoved Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ParticipantRemoved(r.ReadString(), r.ReadString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    private sealed class ParticipantLeftCodec : SessionEventCodec<ParticipantLeft>
    {
        public override string Name => "participant.left";

        public override int Version => ParticipantLeft.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ParticipantLeft e)
        {
            w.WriteArrayHeader(2);
            w.Write(e.ParticipantId);
            w.Write(e.At);
        }

        protected override ParticipantLeft Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ParticipantLeft(r.ReadString(), r.ReadTimestamp());
        }
    }

    private sealed class SessionEndedCodec : SessionEventCodec<SessionEnded>
    {
        public override string Name => "session.ended";

        public override int Version => SessionEnded.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, SessionEnded e)
        {
            w.WriteArrayHeader(3);
            w.Write(e.ByParticipantId);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override SessionEnded Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new SessionEnded(r.ReadString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    private sealed class ChatMessagePostedCodec : SessionEventCodec<ChatMessagePosted>
    {
        public override string Name => "chat.posted";

        public override int Version => ChatMessagePosted.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ChatMessagePosted e)
        {
            w.WriteArrayHeader(5);
            w.Write(e.MessageId);
            w.Write(e.ByParticipantId);
            w.Write(e.Text);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override ChatMessagePosted Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ChatMessagePosted(r.ReadString(), r.ReadNullableString(), r.ReadString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    private sealed class ChatMessageRemovedCodec : SessionEventCodec<ChatMessageRemoved>
    {
        public override string Name => "chat.removed";

        public override int Version => ChatMessageRemoved.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ChatMessageRemoved e)
        {
            w.WriteArrayHeader(4);
            w.Write(e.MessageId);
            w.Write(e.ByParticipantId);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override ChatMessageRemoved Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ChatMessageRemoved(r.ReadString(), r.ReadString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    private sealed class ViewerChatMutedCodec : SessionEventCodec<ViewerChatMuted>
    {
        public override string Name => "chat.viewers-muted";

        public override int Version => ViewerChatMuted.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ViewerChatMuted e)
        {
            w.WriteArrayHeader(4);
            w.Write(e.Muted);
            w.Write(e.ByParticipantId);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override ViewerChatMuted Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ViewerChatMuted(r.ReadBoolean(), r.ReadString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }
}
