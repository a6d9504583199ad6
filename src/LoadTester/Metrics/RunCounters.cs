using System.Collections.Concurrent;

namespace ActorStudio.LoadTester.Metrics;

/// <summary>Every counter of one run, shared by all simulated participants; updated with interlocked adds.</summary>
public sealed class RunCounters
{
    private long _chatSent;
    private long _chatSendFailures;
    private long _chatRefused;
    private long _expected;
    private long _received;
    private long _duplicated;
    private long _framesReceived;
    private long _bytesReceived;
    private long _joinsSucceeded;
    private long _joinsFailed;
    private long _connectionFailures;
    private long _drops;
    private long _reconnects;
    private long _reconnectFailures;
    private long _resumeDuplicates;
    private long _generationsStarted;
    private long _generationsCompleted;
    private long _variantsFailed;
    private long _favoritesSent;
    private long _foreignChat;
    private long _failovers;
    private long _rejoins;
    private long _rejoinFailures;
    private long _snapshotRepeats;
    private long _snapshotFallbacks;

    private readonly long[] _messagesByType = new long[256];
    private readonly long[] _windowStartByType = new long[256];
    private readonly long[] _windowEndByType = new long[256];
    private long _windowStartFrames;
    private long _windowStartBytes;
    private long _windowEndFrames = -1;
    private long _windowEndBytes;
    private bool _windowClosed;
    private long _late;

    public LatencyHistogram Delivery { get; } = new();

    public LatencyHistogram Join { get; } = new();

    public LatencyHistogram Reconnect { get; } = new();

    /// <summary>From losing the socket to the Welcome on the node that took the session over (failovers only).</summary>
    public LatencyHistogram Failover { get; } = new();

    public LatencyHistogram FirstVariant { get; } = new();

    public LatencyHistogram FourthVariant { get; } = new();

    public ConcurrentDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> CloseReasons { get; } = new(StringComparer.Ordinal);

    public long ChatSent => Volatile.Read(ref _chatSent);

    public long ChatSendFailures => Volatile.Read(ref _chatSendFailures);

    /// <summary>Chat the server refused with an error (rate limit, filter): not expected anywhere.</summary>
    public long ChatRefused => Volatile.Read(ref _chatRefused);

    public long Expected => Volatile.Read(ref _expected);

    public long Received => Volatile.Read(ref _received);

    public long Duplicated => Volatile.Read(ref _duplicated);

    public long FramesReceived => Volatile.Read(ref _framesReceived);

    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    public long JoinsSucceeded => Volatile.Read(ref _joinsSucceeded);

    public long JoinsFailed => Volatile.Read(ref _joinsFailed);

    public long ConnectionFailures => Volatile.Read(ref _connectionFailures);

    public long Drops => Volatile.Read(ref _drops);

    public long Reconnects => Volatile.Read(ref _reconnects);

    public long ReconnectFailures => Volatile.Read(ref _reconnectFailures);

    public long ResumeDuplicates => Volatile.Read(ref _resumeDuplicates);

    public long GenerationsStarted => Volatile.Read(ref _generationsStarted);

    public long GenerationsCompleted => Volatile.Read(ref _generationsCompleted);

    public long VariantsFailed => Volatile.Read(ref _variantsFailed);

    public long FavoritesSent => Volatile.Read(ref _favoritesSent);

    /// <summary>Chat that did not carry a load-tester stamp (system notes, other clients): counted, not measured.</summary>
    public long ForeignChat => Volatile.Read(ref _foreignChat);

    public void ChatWasSent(int expectedRecipients)
    {
        Interlocked.Increment(ref _chatSent);
        Interlocked.Add(ref _expected, expectedRecipients);
    }

    public void ChatWasRefused(int expectedRecipients)
    {
        Interlocked.Increment(ref _chatRefused);
        Interlocked.Add(ref _expected, -expectedRecipients);
    }

    public void ChatSendFailed() => Interlocked.Increment(ref _chatSendFailures);

    public void DeliveryReceived() => Interlocked.Increment(ref _received);

    public void DuplicateReceived() => Interlocked.Increment(ref _duplicated);

    public void FrameReceived(int bytes)
    {
        Interlocked.Increment(ref _framesReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    public void JoinSucceeded(long microseconds)
    {
        Interlocked.Increment(ref _joinsSucceeded);
        Join.Record(microseconds);
    }

    public void JoinFailed() => Interlocked.Increment(ref _joinsFailed);

    public void ConnectionFailed() => Interlocked.Increment(ref _connectionFailures);

    public void Dropped() => Interlocked.Increment(ref _drops);

    public void Reconnected(long microseconds)
    {
        Interlocked.Increment(ref _reconnects);
        Reconnect.Record(microseconds);
    }

    /// <summary>A reconnect that had to go to another node (rejoined over HTTP, or followed Moved).</summary>
    public void FailedOver(long microsecondsSinceLost)
    {
        Interlocked.Increment(ref _failovers);
        Failover.Record(microsecondsSinceLost);
    }

    /// <summary>Chat a participant already had, listed again in the snapshot of a resume that fell back to one.</summary>
    public void SnapshotRepeat() => Interlocked.Increment(ref _snapshotRepeats);

    public long SnapshotRepeats => Volatile.Read(ref _snapshotRepeats);

    /// <summary>Resumes the server answered with a fresh snapshot instead of the missed events.</summary>
    public void SnapshotFallback()
    {
        Interlocked.Increment(ref _snapshotFallbacks);
        Error("resume_fell_back_to_snapshot");
    }

    public long SnapshotFallbacks => Volatile.Read(ref _snapshotFallbacks);

    public void Rejoined() => Interlocked.Increment(ref _rejoins);

    public void RejoinFailed() => Interlocked.Increment(ref _rejoinFailures);

    public long Failovers => Volatile.Read(ref _failovers);

    /// <summary>HTTP rejoins (bearer token) that answered with a socket URL.</summary>
    public long Rejoins => Volatile.Read(ref _rejoins);

    /// <summary>HTTP rejoins that no listed node answered (tried again until the failover window closes).</summary>
    public long RejoinFailures => Volatile.Read(ref _rejoinFailures);

    public void ReconnectFailed() => Interlocked.Increment(ref _reconnectFailures);

    public void ResumeDuplicate() => Interlocked.Increment(ref _resumeDuplicates);

    public void GenerationStarted() => Interlocked.Increment(ref _generationsStarted);

    public void GenerationCompleted() => Interlocked.Increment(ref _generationsCompleted);

    public void VariantFailed() => Interlocked.Increment(ref _variantsFailed);

    public void FavoriteSent() => Interlocked.Increment(ref _favoritesSent);

    public void ForeignChatReceived() => Interlocked.Increment(ref _foreignChat);

    /// <summary>Counts one decoded server message by its protocol type code (what the frames carry).</summary>
    public void MessageOfType(byte type) => Interlocked.Increment(ref _messagesByType[type]);

    /// <summary>Frames received during the measured window (joins and closing excluded).</summary>
    public long WindowFrames => (_windowEndFrames < 0 ? FramesReceived : _windowEndFrames) - _windowStartFrames;

    public long WindowBytes => (_windowEndFrames < 0 ? BytesReceived : _windowEndBytes) - _windowStartBytes;

    public void MarkWindowStart()
    {
        _windowStartFrames = FramesReceived;
        _windowStartBytes = BytesReceived;
        CopyTypes(_windowStartByType);
    }

    /// <summary>True once the measured window (load plus drain) is over: later deliveries count as late, not received.</summary>
    public bool WindowClosed => Volatile.Read(ref _windowClosed);

    /// <summary>Chat deliveries that arrived after the drain period ended (counted in lost).</summary>
    public long LateDeliveries => Volatile.Read(ref _late);

    public void LateDeliveryReceived() => Interlocked.Increment(ref _late);

    public void MarkWindowEnd()
    {
        Volatile.Write(ref _windowClosed, true);
        _windowEndFrames = FramesReceived;
        _windowEndBytes = BytesReceived;
        CopyTypes(_windowEndByType);
    }

    /// <summary>Decoded server messages by type code during the measured window, non-zero only.</summary>
    public IReadOnlyDictionary<int, long> MessagesByType()
    {
        var counts = new SortedDictionary<int, long>();
        for (int i = 0; i < _messagesByType.Length; i++)
        {
            long end = _windowEndFrames < 0 ? Volatile.Read(ref _messagesByType[i]) : _windowEndByType[i];
            long n = end - _windowStartByType[i];
            if (n != 0)
            {
                counts[i] = n;
            }
        }

        return counts;
    }

    private void CopyTypes(long[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = Volatile.Read(ref _messagesByType[i]);
        }
    }

    public void Error(string code) => Errors.AddOrUpdate(code, 1, static (_, n) => n + 1);

    public void Closed(string reason) => CloseReasons.AddOrUpdate(reason, 1, static (_, n) => n + 1);
}
