using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>A chat message. Wire: [70, seq, messageId, participantId|nil, displayName, role, kind, text, sentAt, commandId|nil]; participantId is nil for system messages; commandId is the sender's, so the sender can match its optimistic copy.</summary>
public sealed record ChatMessage(long Seq, string MessageId, string? ParticipantId, string DisplayName, Role Role, ChatMessageKind Kind, string Text, DateTimeOffset SentAt, string? CommandId) : ServerEvent(Seq)
{
    public override MessageType Type => MessageType.ChatMessage;
}
