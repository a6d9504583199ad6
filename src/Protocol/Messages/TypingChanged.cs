using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>Someone started or stopped typing (ephemeral, coalesced). Wire: [72, seq, participantId, isTyping].</summary>
public sealed record TypingChanged(long Seq, string ParticipantId, bool IsTyping) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.TypingChanged;
}
