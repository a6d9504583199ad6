namespace ActorStudio.Protocol.Messages;

/// <summary>The recording state in a snapshot. Wire: [state, startedAt|nil].</summary>
public sealed record RecordingInfo(RecordingState State, DateTimeOffset? StartedAt);
