namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>
/// The session's open connections, for fan-out. Kept by the session actor itself rather than spread over one
/// actor per participant: one turn's frame reaches a thousand sockets with a thousand lock-free enqueues from one
/// thread, instead of a thousand mailbox hops. Only the session actor's thread touches it.
/// </summary>
public sealed class ConnectionGroup
{
    private readonly List<SessionConnection> all = [];
    private readonly Dictionary<string, SessionConnection> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SessionConnection>> byParticipant = new(StringComparer.Ordinal);

    public int Count => all.Count;

    /// <summary>Indexable for allocation-free loops; do not modify.</summary>
    public List<SessionConnection> All => all;

    public void Add(SessionConnection connection)
    {
        if (byId.TryAdd(connection.ConnectionId, connection))
        {
            all.Add(connection);
            if (!byParticipant.TryGetValue(connection.ParticipantId, out var tabs))
            {
                byParticipant[connection.ParticipantId] = tabs = new List<SessionConnection>(1);
            }

            tabs.Add(connection);
        }
    }

    public bool Remove(SessionConnection connection)
    {
        if (!byId.Remove(connection.ConnectionId))
        {
            return false;
        }

        var tabs = byParticipant[connection.ParticipantId];
        tabs.Remove(connection);
        if (tabs.Count == 0)
        {
            byParticipant.Remove(connection.ParticipantId);
        }

        // Swap-remove: order among connections does not matter, O(1) matters with thousands of sockets.
        var index = all.IndexOf(connection);
        var last = all.Count - 1;
        all[index] = all[last];
        all.RemoveAt(last);
        return true;
    }

    public SessionConnection? Find(string connectionId) => byId.TryGetValue(connectionId, out var c) ? c : null;

    /// <summary>The open connections of one participant (usually one or two tabs); do not modify.</summary>
    public IReadOnlyList<SessionConnection> Of(string participantId) =>
        byParticipant.TryGetValue(participantId, out var tabs) ? tabs : [];

    /// <summary>Open connections of one participant.</summary>
    public int CountOf(string participantId) => Of(participantId).Count;

    /// <summary>The oldest connection of a participant, for the per-participant connection cap.</summary>
    public SessionConnection? OldestOf(string participantId)
    {
        SessionConnection? oldest = null;
        foreach (var c in Of(participantId))
        {
            if (oldest is null || string.CompareOrdinal(c.ConnectionId, oldest.ConnectionId) < 0)
            {
                oldest = c;
            }
        }

        return oldest;
    }
}
