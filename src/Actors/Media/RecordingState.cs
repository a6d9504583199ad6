namespace ActorStudio.Actors.Media;

/// <summary>
/// A session's recording as the session journal knows it. Immutable: <see cref="RecordingStateMachine"/> returns
/// a new state for every accepted transition, so the session actor can persist the change and then apply it.
/// </summary>
public sealed record RecordingState(RecordingPhase Phase, string? EgressId, string? Location, string? Error)
{
    public static RecordingState Idle { get; } = new(RecordingPhase.Idle, null, null, null);

    public bool IsRecording => Phase is RecordingPhase.Starting or RecordingPhase.Active or RecordingPhase.Stopping;

    public bool IsFinished => Phase is RecordingPhase.Complete or RecordingPhase.Failed;
}
