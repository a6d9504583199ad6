using ActorStudio.Protocol.Frames;

namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>
/// One socket as the session sees it: an identity and a bounded outbound queue of encoded frames.
/// The session actor enqueues (never blocks); the transport drains. The transport owns the socket, this class owns
/// the policy: past <see cref="SessionSettings.OutboundSoftLimit"/> queued frames coalescible updates
/// are dropped, past <see cref="SessionSettings.OutboundHardLimit"/> (or the byte limit) the connection is closed as a
/// slow consumer so it cannot hold memory or slow anyone else down; it reconnects and resumes.
/// The queue is a plain <see cref="Queue{T}"/> under a lock (an idle socket holds a few dozen bytes here). The
/// transport attaches an <see cref="IFrameDrain"/> and takes frames on the queuing thread: the session loop's
/// fan-out reaches the kernel without a thread hop, and the queue only grows while a socket cannot take more.
/// </summary>
public sealed class SessionConnection
{
    private readonly Queue<WireFrame> queue = new();
    private readonly Lock gate = new();
    private IFrameDrain? drain;

    private readonly int softLimit;
    private readonly int hardLimit;
    private readonly long hardLimitBytes;
    private readonly TimeSpan stallLimit;
    private readonly TimeProvider time;
    private long stalledSince; // when a frame was first queued behind others since the socket last took one; 0 = keeping up
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int queuedFrames;
    private long queuedBytes;
    private int closeState;

    public SessionConnection(string connectionId, string sessionId, string participantId, ParticipantRole role, SessionSettings settings, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        stallLimit = settings.SlowConsumerStall;
        ConnectionId = connectionId;
        SessionId = sessionId;
        ParticipantId = participantId;
        Role = role;
        softLimit = settings.OutboundSoftLimit;
        hardLimit = settings.OutboundHardLimit;
        hardLimitBytes = settings.OutboundHardLimitBytes;
    }

    public string ConnectionId { get; }

    public string SessionId { get; }

    public string ParticipantId { get; }

    public ParticipantRole Role { get; }

    /// <summary>Why the session closed this connection (null while open). The transport sends it as the close frame.</summary>
    public ConnectionClose? CloseRequest { get; private set; }

    public bool IsClosed => Volatile.Read(ref closeState) != 0;

    /// <summary>Completes when the connection is closed, so a transport blocked on a send can give up.</summary>
    public Task Closed => closed.Task;

    /// <summary>Frames waiting to be written.</summary>
    public int QueuedFrames => Volatile.Read(ref queuedFrames);

    /// <summary>Set by <see cref="TurnOutbox.Flush"/> while it composes this connection a frame of its own.</summary>
    internal bool HasPrivateItems { get; set; }

    /// <summary>Coalescible frames dropped because the connection was behind.</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Enqueues a frame. Returns false when it was dropped (coalescible and behind) or the connection is closed.</summary>
    public bool Enqueue(WireFrame frame, bool coalescible = false)
    {
        if (IsClosed)
        {
            return false;
        }

        var frames = Volatile.Read(ref queuedFrames);
        if (coalescible && frames >= softLimit)
        {
            DroppedFrames++;
            return false;
        }

        if (frames >= hardLimit || Interlocked.Read(ref queuedBytes) + frame.Length > hardLimitBytes)
        {
            Close(new ConnectionClose(Protocol.CloseCodes.SlowConsumer, "slow consumer: the connection fell too far behind; reconnect and resume"));
            return false;
        }

        if (frames > 0 && Stalled())
        {
            Close(new ConnectionClose(Protocol.CloseCodes.SlowConsumer, "slow consumer: the connection took nothing for too long; reconnect and resume"));
            return false;
        }

        IFrameDrain? drainer;
        lock (gate)
        {
            if (IsClosed)
            {
                return false; // closed between the check above and here
            }

            queue.Enqueue(frame);
            Interlocked.Increment(ref queuedFrames);
            Interlocked.Add(ref queuedBytes, frame.Length);
            drainer = drain;
        }

        drainer?.FramesQueued();
        return true;
    }

    /// <summary>
    /// Transport side: from now on <paramref name="drainer"/> is told, on the queuing thread, whenever frames are
    /// queued, and takes them with <see cref="TryDequeue"/>; frames already queued are announced at once.
    /// </summary>
    public void AttachDrain(IFrameDrain drainer)
    {
        bool pending;
        lock (gate)
        {
            drain = drainer;
            pending = queue.Count > 0;
        }

        if (pending)
        {
            drainer.FramesQueued();
        }
    }

    /// <summary>Transport side: takes the next frame to write.</summary>
    public bool TryDequeue(out WireFrame frame)
    {
        lock (gate)
        {
            if (queue.TryDequeue(out frame))
            {
                Volatile.Write(ref stalledSince, 0);
                Interlocked.Decrement(ref queuedFrames);
                Interlocked.Add(ref queuedBytes, -frame.Length);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Frames are waiting: true once they have waited <see cref="SessionSettings.SlowConsumerStall"/> without the
    /// transport taking any. Only read when a backlog exists, so a connection that keeps up never reads the clock.
    /// </summary>
    private bool Stalled()
    {
        var now = time.GetTimestamp();
        var since = Interlocked.CompareExchange(ref stalledSince, now, 0);
        return since != 0 && time.GetElapsedTime(since, now) > stallLimit;
    }

    /// <summary>
    /// Asks the transport to close the socket with <paramref name="close"/>; the first close wins. Nothing is queued
    /// after it; what is queued still goes out before the close frame, except a slow consumer's backlog.
    /// </summary>
    public void Close(ConnectionClose close)
    {
        if (Interlocked.CompareExchange(ref closeState, 1, 0) != 0)
        {
            return;
        }

        CloseRequest = close;
        closed.TrySetResult();
    }
}

/// <summary>
/// A transport that writes a connection's frames as they are queued (see <see cref="SessionConnection.AttachDrain"/>).
/// <see cref="FramesQueued"/> runs on the queuing thread — the session loop's, during its fan-out — so it must never
/// block: it writes what the socket takes now and leaves the rest queued until the socket can take more.
/// </summary>
public interface IFrameDrain
{
    void FramesQueued();
}

/// <summary>A close code (docs/protocol.md) and a human-readable reason (at most 123 UTF-8 bytes on the wire).</summary>
public sealed record ConnectionClose(int Code, string Reason);
