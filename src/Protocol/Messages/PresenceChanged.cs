using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Someone joined, went idle, is reconnecting or left. Wire: [73, seq, participant].</summary>
public sealed record PresenceChanged(long Seq, ParticipantInfo Participant) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.PresenceChanged;
}
