namespace ActorStudio.Actors.Media;

/// <summary>Where a session's recording is: starting → active → stopping → complete | failed.</summary>
public enum RecordingPhase
{
    /// <summary>Never recorded in this session (a new recording may start).</summary>
    Idle,
    Starting,
    Active,
    Stopping,
    Complete,
    Failed,
}
