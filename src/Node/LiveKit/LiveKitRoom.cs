namespace ActorStudio.Node.LiveKit;

/// <summary>LiveKit's Room as the server API and webhooks describe it (fields this server uses).</summary>
public sealed record LiveKitRoom
{
    public string Sid { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public uint EmptyTimeout { get; init; }

    public uint DepartureTimeout { get; init; }

    public uint MaxParticipants { get; init; }

    public long CreationTime { get; init; }

    public string Metadata { get; init; } = string.Empty;

    public uint NumParticipants { get; init; }

    public uint NumPublishers { get; init; }
}
