using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The recording changed state. Wire: [80, seq, state, startedAt|nil, detail|nil]; Detail explains a failure.</summary>
public sealed record RecordingStatus(long Seq, RecordingState State, DateTimeOffset? StartedAt, string? Detail) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.RecordingStatus;
}
