namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>Timer message: send the frames a busy session held back to batch them. Only scheduled while some wait.</summary>
public sealed record FlushTick
{
    public static FlushTick Instance { get; } = new();
}
