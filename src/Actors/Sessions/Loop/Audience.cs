namespace ActorStudio.Actors.Sessions.Loop;

public enum AudienceKind : byte
{
    /// <summary>Every connection of the session.</summary>
    Everyone,

    /// <summary>The host's connections only.</summary>
    Hosts,

    /// <summary>Every connection of one participant.</summary>
    Participant,

    /// <summary>One connection (acks and errors go back where the command came from).</summary>
    Connection,
}

/// <summary>Who receives an outgoing message. Frames are encoded once per audience per turn.</summary>
public readonly record struct Audience(AudienceKind Kind, string? Id)
{
    public static Audience Everyone { get; } = new(AudienceKind.Everyone, null);

    public static Audience Hosts { get; } = new(AudienceKind.Hosts, null);

    public static Audience Participant(string participantId) => new(AudienceKind.Participant, participantId);

    public static Audience Connection(string connectionId) => new(AudienceKind.Connection, connectionId);
}
