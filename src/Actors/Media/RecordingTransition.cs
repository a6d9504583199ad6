namespace ActorStudio.Actors.Media;

/// <summary>
/// The outcome of feeding a command or an egress update to <see cref="RecordingStateMachine"/>: either the next state
/// (possibly equal to the current one, for repeated updates) or a refusal with a human-readable reason.
/// </summary>
public sealed record RecordingTransition(bool IsAccepted, RecordingState State, RecordingState Previous, string? RefusalReason)
{
    /// <summary>True when the state actually changed and is worth journaling and broadcasting.</summary>
    public bool Changed => IsAccepted && State != Previous;

    public static RecordingTransition Accept(RecordingState previous, RecordingState next) => new(true, next, previous, null);

    public static RecordingTransition Refuse(RecordingState current, string reason) => new(false, current, current, reason);
}
