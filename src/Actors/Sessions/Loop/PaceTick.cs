namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>Timer message: flush the coalesced updates. Only scheduled while some are waiting.</summary>
public sealed record PaceTick
{
    public static PaceTick Instance { get; } = new();
}
