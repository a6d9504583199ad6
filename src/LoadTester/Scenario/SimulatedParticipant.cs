using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;
using ActorStudio.LoadTester.Targets;

namespace ActorStudio.LoadTester.Scenario;

/// <summary>
/// One simulated person: its connection, what it has received (exactly, by message id), and what
/// its own generations are doing. Its observer methods run on its connection's receive loop.
/// </summary>
public sealed class SimulatedParticipant : IParticipantObserver
{
    private readonly RunCounters _counters;
    private readonly LatencyTimeline _timeline;
    private readonly RunClock _clock;
    private readonly Action<SimulatedParticipant, string> _onDropped;
    private readonly Action<int> _onChatRefused;
    private readonly Lock _generationLock = new();
    private readonly Dictionary<string, GenerationProgress> _generations = new(StringComparer.Ordinal);
    private readonly List<string> _storedImages = [];
    private int _state = (int)ParticipantState.Pending;
    private long _sent;

    public SimulatedParticipant(int index, int sessionIndex, int indexInSession, ParticipantRole role, bool isSlow, RunCounters counters, LatencyTimeline timeline, RunClock clock, Action<SimulatedParticipant, string> onDropped, Action<int> onChatRefused)
    {
        Index = index;
        SessionIndex = sessionIndex;
        IndexInSession = indexInSession;
        Role = role;
        IsSlow = isSlow;
        _counters = counters;
        _timeline = timeline;
        _clock = clock;
        _onDropped = onDropped;
        _onChatRefused = onChatRefused;
        DisplayName = $"lt-{sessionIndex}-{indexInSession}";
    }

    public int Index { get; }

    public int SessionIndex { get; }

    public int IndexInSession { get; }

    public ParticipantRole Role { get; }

    public string DisplayName { get; }

    /// <summary>Stops reading after joining: the slow consumer the server must cope with.</summary>
    public bool IsSlow { get; }

    public ReceivedSet Received { get; } = new();

    public TargetConnection? Connection { get; set; }

    public ParticipantState State => (ParticipantState)Volatile.Read(ref _state);

    /// <summary>Chat messages this participant sent that the server took.</summary>
    public long Sent => Volatile.Read(ref _sent);

    public int Reconnects { get; private set; }

    /// <summary>Why the server ended this participant's connection, when it did.</summary>
    public string? DropReason { get; private set; }

    public bool CanSend => !IsSlow && State == ParticipantState.Connected && Connection is { IsOpen: true };

    public bool TryMoveTo(ParticipantState from, ParticipantState to) =>
        Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    public void MoveTo(ParticipantState to) => Volatile.Write(ref _state, (int)to);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountReconnect() => Reconnects++;

    public void OnChat(ReadOnlySpan<byte> utf8Text, bool inSnapshot)
    {
        if (!ChatStamp.TryRead(utf8Text, out int session, out long message, out long timestamp) || session != SessionIndex)
        {
            _counters.ForeignChatReceived();
            return;
        }

        if (_counters.WindowClosed)
        {
            // After the drain: too late to count, and loss already says so.
            _counters.LateDeliveryReceived();
            return;
        }

        if (IsSlow)
        {
            // A slow consumer's late reads say nothing about the others' delivery.
            return;
        }

        if (inSnapshot && Received.Contains(message))
        {
            _counters.SnapshotRepeat();
            return;
        }

        if (Received.Mark(message))
        {
            long now = RunClock.Now;
            long micros = RunClock.MicrosecondsBetween(timestamp, now);
            _counters.DeliveryReceived();
            _counters.Delivery.Record(micros);
            _timeline.Record(_clock.SecondOf(now), micros);
        }
        else
        {
            _counters.DuplicateReceived();
        }
    }

    public void OnChatRefused(ReadOnlySpan<byte> utf8Text, string code)
    {
        if (ChatStamp.TryRead(utf8Text, out int session, out _, out _) && session == SessionIndex)
        {
            Interlocked.Decrement(ref _sent);
            _onChatRefused(session);
        }
    }

    public void OnDropped(string reason)
    {
        DropReason = reason;
        _onDropped(this, reason);
    }

    public void OnGenerationAccepted(string generationId, long requestedTimestamp)
    {
        lock (_generationLock)
        {
            _generations[generationId] = new GenerationProgress(requestedTimestamp);
        }

        _counters.GenerationStarted();
    }

    public void OnVariantFinished(string generationId, int variant, string? imageId)
    {
        GenerationProgress? progress;
        lock (_generationLock)
        {
            if (!_generations.TryGetValue(generationId, out progress))
            {
                return;
            }

            if (imageId is not null)
            {
                _storedImages.Add(imageId);
            }
        }

        int finished = progress.Finish();
        long micros = RunClock.MicrosecondsSince(progress.Started);
        if (imageId is null)
        {
            _counters.VariantFailed();
        }

        if (finished == 1)
        {
            _counters.FirstVariant.Record(micros);
        }
        else if (finished == 4)
        {
            _counters.FourthVariant.Record(micros);
            _counters.GenerationCompleted();
        }
    }

    /// <summary>A random image this participant has stored, to star; null when it has none yet.</summary>
    public string? PickStoredImage(Random random)
    {
        lock (_generationLock)
        {
            return _storedImages.Count == 0 ? null : _storedImages[random.Next(_storedImages.Count)];
        }
    }

    private sealed class GenerationProgress(long started)
    {
        private int _finished;

        public long Started { get; } = started;

        public int Finish() => Interlocked.Increment(ref _finished);
    }
}
