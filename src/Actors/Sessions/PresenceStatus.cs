namespace ActorStudio.Actors.Sessions;

/// <summary>
/// Live presence of a participant. Presence is derived from connections, not journaled: after a restart
/// everyone is offline until their sockets come back.
/// </summary>
public enum PresenceStatus
{
    Offline,
    Online,
    Idle,
    Reconnecting,
}

public static class PresenceStatuses
{
    public static string ToWire(PresenceStatus status) => status switch
    {
        PresenceStatus.Online => "online",
        PresenceStatus.Idle => "idle",
        PresenceStatus.Reconnecting => "reconnecting",
        _ => "offline",
    };
}
