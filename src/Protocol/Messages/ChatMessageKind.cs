namespace ActorStudio.Protocol.Messages;

/// <summary>Who wrote a chat message.</summary>
public enum ChatMessageKind
{
    /// <summary>Written by a participant.</summary>
    User = 1,

    /// <summary>Written by the server (recording started, message removed by the host...).</summary>
    System = 2,
}
