using System.Collections.Concurrent;
using ActorStudio.Actors.Sessions.Loop;

namespace ActorStudio.Node.Sessions;

/// <summary>
/// The session sockets open on this node, by session: the load figure in the cluster's registry, the sockets its
/// hand-off tells where to go, and the ones closed with 4030 at shutdown. The socket layer adds a connection after its
/// handshake and removes it when it ends.
/// </summary>
public sealed class NodeConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SessionConnection>> _bySession = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(SessionConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var set = _bySession.GetOrAdd(connection.SessionId, static _ => new ConcurrentDictionary<string, SessionConnection>(StringComparer.Ordinal));
        if (set.TryAdd(connection.ConnectionId, connection))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Remove(SessionConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_bySession.TryGetValue(connection.SessionId, out var set) && set.TryRemove(connection.ConnectionId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Every open connection of the node (a copy).</summary>
    public IReadOnlyList<SessionConnection> All() => [.. _bySession.Values.SelectMany(static set => set.Values)];

    /// <summary>The open connections of one session (a copy).</summary>
    public IReadOnlyList<SessionConnection> ForSession(string sessionId) =>
        _bySession.TryGetValue(sessionId, out var set) ? [.. set.Values] : [];
}
