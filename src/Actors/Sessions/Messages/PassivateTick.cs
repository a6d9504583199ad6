namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>Timer message: the session has had no sockets for a while and may passivate.</summary>
public sealed record PassivateTick
{
    public static PassivateTick Instance { get; } = new();
}
