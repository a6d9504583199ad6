namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>Timer message: participants reconnecting for longer than the grace period are marked as gone.</summary>
public sealed record PresenceSweep
{
    public static PresenceSweep Instance { get; } = new();
}
