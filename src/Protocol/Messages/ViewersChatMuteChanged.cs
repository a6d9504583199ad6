using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>The host muted or unmuted viewers' chat. Wire: [79, seq, muted, changedByParticipantId].</summary>
public sealed record ViewersChatMuteChanged(long Seq, bool Muted, string ChangedBy) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.ViewersChatMuteChanged;
}
