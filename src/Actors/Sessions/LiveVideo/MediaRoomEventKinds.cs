namespace ActorStudio.Actors.Sessions.LiveVideo;

/// <summary>The media-room happenings a session journals (LiveKit's webhook event names).</summary>
public static class MediaRoomEventKinds
{
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";
    public const string TrackPublished = "track_published";
    public const string TrackUnpublished = "track_unpublished";
    public const string RoomFinished = "room_finished";
    public const string EgressStarted = "egress_started";
    public const string EgressUpdated = "egress_updated";
    public const string EgressEnded = "egress_ended";
}
