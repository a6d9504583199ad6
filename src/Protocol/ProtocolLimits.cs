namespace ActorStudio.Protocol;

/// <summary>Default bounds for everything that crosses the wire. The server enforces them; clients should too.</summary>
public static class ProtocolLimits
{
    /// <summary>Largest client-to-server frame (bytes).</summary>
    public const int MaxClientFrameBytes = 64 * 1024;

    /// <summary>Largest server-to-client frame a client should accept (welcome snapshots of big rooms are large).</summary>
    public const int MaxServerFrameBytes = 16 * 1024 * 1024;

    /// <summary>Largest string inside a client frame (UTF-8 bytes).</summary>
    public const int MaxClientStringBytes = 16 * 1024;

    /// <summary>Largest array or map inside a client frame.</summary>
    public const int MaxClientCollectionLength = 64;

    /// <summary>Deepest container nesting inside any frame.</summary>
    public const int MaxDepth = 16;

    /// <summary>Longest command id (UTF-8 bytes). Command ids are never empty.</summary>
    public const int MaxCommandIdBytes = 64;

    /// <summary>Longest token in a Hello frame (UTF-8 bytes).</summary>
    public const int MaxTokenBytes = 4096;

    /// <summary>Longest chat message (characters, after trimming).</summary>
    public const int MaxChatTextChars = 2000;

    /// <summary>Longest prompt (characters, after trimming).</summary>
    public const int MaxPromptChars = 2000;

    /// <summary>Longest display name (characters, after trimming).</summary>
    public const int MaxDisplayNameChars = 64;

    /// <summary>Longest identifier (session, participant, image, generation, message, item) in UTF-8 bytes.</summary>
    public const int MaxIdBytes = 64;

    /// <summary>Number of images a generation request produces.</summary>
    public const int VariantsPerGeneration = 4;

    /// <summary>Chat messages included in a welcome snapshot.</summary>
    public const int SnapshotChatMessages = 100;
}
