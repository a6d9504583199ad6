namespace ActorStudio.Actors.Sessions.State;

/// <summary>A chat line kept in memory (the last few hundred); the journal has them all.</summary>
public sealed class ChatMessageState(long seq, string messageId, string? participantId, string text, string? commandId, DateTimeOffset at)
{
    public long Seq { get; } = seq;

    public string MessageId { get; } = messageId;

    /// <summary>Null for system messages.</summary>
    public string? ParticipantId { get; } = participantId;

    public string Text { get; } = text;

    /// <summary>The sender's command id, so its page can match its optimistic copy.</summary>
    public string? CommandId { get; } = commandId;

    public DateTimeOffset At { get; } = at;

    public bool Removed { get; set; }

    public string? RemovedBy { get; set; }
}
