namespace ActorStudio.Node.LiveKit;

/// <summary>One LiveKit room per session, named so webhooks can be routed back to the session.</summary>
public static class LiveKitRoomNames
{
    public const string Prefix = "studio-";

    public static string ForSession(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return Prefix + sessionId;
    }

    public static bool TryGetSessionId(string? roomName, out string sessionId)
    {
        if (roomName is not null && roomName.Length > Prefix.Length && roomName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            sessionId = roomName[Prefix.Length..];
            return true;
        }

        sessionId = string.Empty;
        return false;
    }
}
