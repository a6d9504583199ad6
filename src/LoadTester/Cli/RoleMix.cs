using System.Globalization;

namespace ActorStudio.LoadTester.Cli;

/// <summary>
/// How the non-host participants of a session split between collaborators and viewers, parsed
/// from "collaborator=20,viewer=80" (weights, not necessarily summing to 100). The first
/// participant of every session is its host.
/// </summary>
public sealed record RoleMix(int CollaboratorWeight, int ViewerWeight)
{
    public static RoleMix Default { get; } = new(20, 80);

    public static bool TryParse(string text, out RoleMix mix, out string? error)
    {
        mix = Default;
        error = null;
        int collaborators = 0;
        int viewers = 0;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] pair = part.Split('=', ':');
            if (pair.Length != 2 || !int.TryParse(pair[1].TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out int weight))
            {
                error = $"'{part}' is not role=weight (example: collaborator=20,viewer=80)";
                return false;
            }

            switch (pair[0].Trim().ToLowerInvariant())
            {
                case "collaborator":
                case "collaborators":
                    collaborators = weight;
                    break;
                case "viewer":
                case "viewers":
                    viewers = weight;
                    break;
                default:
                    error = $"unknown role '{pair[0]}' (roles: collaborator, viewer; the first participant is always the host)";
                    return false;
            }
        }

        if (collaborators + viewers == 0)
        {
            error = "the role weights add up to zero";
            return false;
        }

        mix = new RoleMix(collaborators, viewers);
        return true;
    }

    /// <summary>The role of participant <paramref name="indexInSession"/> (0 is the host), spread evenly rather than randomly so runs repeat.</summary>
    public ParticipantRole RoleOf(int indexInSession)
    {
        if (indexInSession == 0)
        {
            return ParticipantRole.Host;
        }

        int total = CollaboratorWeight + ViewerWeight;
        // Bresenham-style spread: participant i is a collaborator when the running share crosses a whole number.
        long before = (long)(indexInSession - 1) * CollaboratorWeight / total;
        long after = (long)indexInSession * CollaboratorWeight / total;
        return after > before ? ParticipantRole.Collaborator : ParticipantRole.Viewer;
    }

    public override string ToString() => $"collaborator={CollaboratorWeight},viewer={ViewerWeight}";
}
