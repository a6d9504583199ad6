namespace ActorStudio.Actors.Sessions.Features;

/// <summary>The roles a command is allowed for.</summary>
[Flags]
public enum RoleSet
{
    None = 0,
    Host = 1,
    Collaborator = 2,
    Viewer = 4,
    Creators = Host | Collaborator,
    Everyone = Host | Collaborator | Viewer,
}

public static class RoleSets
{
    public static bool Allows(this RoleSet set, ParticipantRole role) => role switch
    {
        ParticipantRole.Host => (set & RoleSet.Host) != 0,
        ParticipantRole.Collaborator => (set & RoleSet.Collaborator) != 0,
        _ => (set & RoleSet.Viewer) != 0,
    };
}
