namespace ActorStudio.Node.Cluster;

/// <summary>This node's cluster status and counters (shown by <c>GET /api/cluster</c>).</summary>
public sealed class ClusterState
{
    private int _draining;
    private int _registered;
    private long _steppedDown;
    private long _handedOff;
    private long _forwarded;
    private long _moved;

    /// <summary>SIGTERM received: no new sessions, sockets are sent elsewhere.</summary>
    public bool Draining => Volatile.Read(ref _draining) != 0;

    public bool Registered => Volatile.Read(ref _registered) != 0;

    /// <summary>Sessions stopped here because their lease was lost or could not be renewed.</summary>
    public long SteppedDown => Interlocked.Read(ref _steppedDown);

    public long HandedOff => Interlocked.Read(ref _handedOff);

    public long Forwarded => Interlocked.Read(ref _forwarded);

    public long Moved => Interlocked.Read(ref _moved);

    internal void MarkDraining() => Volatile.Write(ref _draining, 1);

    internal void MarkRegistered(bool registered) => Volatile.Write(ref _registered, registered ? 1 : 0);

    internal void CountSteppedDown() => Interlocked.Increment(ref _steppedDown);

    internal void CountHandedOff() => Interlocked.Increment(ref _handedOff);

    internal void CountForwarded() => Interlocked.Increment(ref _forwarded);

    internal void CountMoved() => Interlocked.Increment(ref _moved);
}
