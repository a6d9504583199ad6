using ActorStudio.Actors.Media;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Protocol.MessagePack;

namespace ActorStudio.Actors.Sessions.LiveVideo;

/// <summary>Journal layouts of the live-video events (MessagePack arrays, one per schema version).</summary>
internal static class LiveVideoEventCodecs
{
    public sealed class RecordingChangedCodec : SessionEventCodec<RecordingChanged>
    {
        public override string Name => "media.recording-changed";

        public override int Version => RecordingChanged.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, RecordingChanged e)
        {
            w.WriteArrayHeader(9);
            w.Write((int)e.Phase);
            w.Write(e.EgressId);
            w.Write(e.Location);
            w.Write(e.Error);
            if (e.StartedAt is { } started)
            {
                w.Write(started);
            }
            else
            {
                w.WriteNil();
            }

            w.Write(e.ByParticipantId);
            w.Write(e.CommandId);
            w.Write(e.WebhookId);
            w.Write(e.At);
        }

        protected override RecordingChanged Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            var phase = (RecordingPhase)r.ReadInt32();
            var egressId = r.ReadNullableString();
            var location = r.ReadNullableString();
            var error = r.ReadNullableString();
            DateTimeOffset? startedAt = r.TryReadNil() ? null : r.ReadTimestamp();
            return new RecordingChanged(phase, egressId, location, error, startedAt, r.ReadNullableString(), r.ReadNullableString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    public sealed class MediaRoomEventRecordedCodec : SessionEventCodec<MediaRoomEventRecorded>
    {
        public override string Name => "media.room-event";

        public override int Version => MediaRoomEventRecorded.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, MediaRoomEventRecorded e)
        {
            w.WriteArrayHeader(8);
            w.Write(e.WebhookId);
            w.Write(e.Kind);
            w.Write(e.ParticipantId);
            w.Write(e.TrackSid);
            w.Write(e.TrackSource);
            w.Write(e.EgressId);
            w.Write(e.EgressStatus);
            w.Write(e.At);
        }

        protected override MediaRoomEventRecorded Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new MediaRoomEventRecorded(
                r.ReadString(), r.ReadString(), r.ReadNullableString(), r.ReadNullableString(), r.ReadNullableString(),
                r.ReadNullableString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }
}
