namespace ActorStudio.Protocol.Messages;

/// <summary>What a host's moderation command removes.</summary>
public enum ModerationTarget
{
    ChatMessage = 1,
    StreamItem = 2,

    /// <summary>A participant: removed from the session (their sockets close with 4020, their token stops working).</summary>
    Participant = 3,
}
