namespace ActorStudio.Actors.Media;

/// <summary>The media server's view of one recording job (LiveKit's EgressStatus, same order as its protobuf enum).</summary>
public enum RecordingEgressStatus
{
    Starting = 0,
    Active = 1,
    Ending = 2,
    Complete = 3,
    Failed = 4,
    Aborted = 5,
    LimitReached = 6,
}
