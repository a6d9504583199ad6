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

    public int Count => all.Count;

    /// <summary>Indexable for allocation-free loops; do not modify.</summary>
    public List<SessionConnection> All => all;

    public void Add(SessionConnection connection)
    {
        if (byId.TryAdd(connection.ConnectionId, connection))
        {
            all.Add(connection);
        }
    }

    public bool Remove(SessionConnection connection)
    {
        if (!byId.Remove(connection.ConnectionId))
        {
            return false;
        }

        // Swap-remove: order among connections does not matter, O(1) matters with thousands of sockets.
        var index = all.IndexOf(connection);
        var last = all.Count - 1;
        all[index] = all[last];
        all.RemoveAt(last);
        return true;
    }

    public SessionConnection? Find(string connectionId) => byId.TryGetValue(connectionId, out var c) ? c : null;

    /// <summary>Open connections of one participant (usually one or two tabs).</summary>
    public int CountOf(string participantId)
    {
        var n = 0;
        foreach (var c in all)
        {
            if (c.ParticipantId == participantId)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>The oldest connection of a participant, for the per-participant connection cap.</summary>
    public SessionConnection? OldestOf(string participantId)
    {
        SessionConnection? oldest = null;
        foreach (var c in all)
        {
            if (c.ParticipantId == participantId && (oldest is null || string.CompareOrdinal(c.ConnectionId, oldest.ConnectionId) < 0))
            {
                oldest = c;
            }
        }

        return oldest;
    }
}
