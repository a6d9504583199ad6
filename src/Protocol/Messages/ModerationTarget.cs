namespace ActorStudio.Protocol.Messages;

/// <summary>What a host's moderation command removes.</summary>
public enum ModerationTarget
{
    ChatMessage = 1,
    StreamItem = 2,
}
