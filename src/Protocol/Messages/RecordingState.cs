namespace ActorStudio.Protocol.Messages;

/// <summary>The session recording's state machine: Off → Starting → Active → Stopping → Complete | Failed.</summary>
public enum RecordingState
{
    Off = 0,
    Starting = 1,
    Active = 2,
    Stopping = 3,
    Complete = 4,
    Failed = 5,
}
