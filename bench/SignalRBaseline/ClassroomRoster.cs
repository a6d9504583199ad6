using System.Collections.Concurrent;

namespace ActorStudio.SignalRBaseline;

/// <summary>Who is in which group, so a newcomer gets the current presence list the way ActorStudio's snapshot does.</summary>
public sealed class ClassroomRoster
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _sessions = new(StringComparer.Ordinal);

    public int Add(string sessionId, string connectionId, string displayName)
    {
        var members = _sessions.GetOrAdd(sessionId, static _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        members[connectionId] = displayName;
        return members.Count;
    }

    public void Remove(string sessionId, string connectionId)
    {
        if (_sessions.TryGetValue(sessionId, out var members))
        {
            members.TryRemove(connectionId, out _);
        }
    }
}
