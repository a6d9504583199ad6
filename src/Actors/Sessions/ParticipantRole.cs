namespace ActorStudio.Actors.Sessions;

/// <summary>What a participant may do: the host everything, collaborators generate and chat, viewers watch and chat.</summary>
public enum ParticipantRole
{
    Host,
    Collaborator,
    Viewer,
}

/// <summary>The wire names of roles ("host", "collaborator", "viewer").</summary>
public static class ParticipantRoles
{
    public static string ToWire(ParticipantRole role) => role switch
    {
        ParticipantRole.Host => "host",
        ParticipantRole.Collaborator => "collaborator",
        _ => "viewer",
    };

    public static bool TryParse(string? value, out ParticipantRole role)
    {
        switch (value)
        {
            case "host":
                role = ParticipantRole.Host;
                return true;
            case "collaborator":
                role = ParticipantRole.Collaborator;
                return true;
            case "viewer":
                role = ParticipantRole.Viewer;
                return true;
            default:
                role = ParticipantRole.Viewer;
                return false;
        }
    }
}
