namespace ActorStudio.Node.Analytics;

/// <summary>
/// The dashboard's read model: join success, generation success and latency, share rate, activity over time, per
/// session and for everything the journal holds (node, or cluster when the journal is shared). Pure state fed by
/// <see cref="Apply"/> in journal order; <see cref="AnalyticsProjectionService"/> feeds it from the journal and can
/// rebuild it from scratch. Time comes from the events (journal timestamps), never from the clock, so a rebuild
/// yields exactly the same figures.
/// </summary>
public sealed class AnalyticsProjection(AnalyticsOptions options)
{
    private readonly Lock _gate = new();
    private readonly long _bucketSeconds = Math.Max(1, options.BucketSeconds);
    private ScopeStats _node = new(options);
    private Dictionary<string, SessionStats> _sessions = new(StringComparer.Ordinal);
    private Dictionary<string, GenerationProgress> _generations = new(StringComparer.Ordinal);

    /// <summary>The global journal ordering of the last row applied (0 when empty).</summary>
    public long Position { get; private set; }

    /// <summary>Forgets everything (before a rebuild).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _node = new ScopeStats(options);
            _sessions = new Dictionary<string, SessionStats>(StringComparer.Ordinal);
            _generations = new Dictionary<string, GenerationProgress>(StringComparer.Ordinal);
            Position = 0;
        }
    }

    /// <summary>Applies the analytics events of the journal row at <paramref name="position"/>.</summary>
    public void Apply(long position, IEnumerable<AnalyticsEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                ApplyOne(e);
            }

            Position = Math.Max(Position, position);
        }
    }

    /// <summary>Marks rows up to <paramref name="position"/> as read although none of them meant anything here.</summary>
    public void Advance(long position)
    {
        lock (_gate)
        {
            Position = Math.Max(Position, position);
        }
    }

    public AnalyticsReport NodeReport(DateTimeOffset? until = null)
    {
        lock (_gate)
        {
            return Report("node", _node, until);
        }
    }

    public AnalyticsReport? SessionReport(string sessionId, DateTimeOffset? until = null)
    {
        lock (_gate)
        {
            return _sessions.TryGetValue(sessionId, out var session) ? Report(sessionId, session.Stats, until) : null;
        }
    }

    public bool HasSession(string sessionId)
    {
        lock (_gate)
        {
            return _sessions.ContainsKey(sessionId);
        }
    }

    /// <summary>Sessions, most recently active first.</summary>
    public IReadOnlyList<SessionSummary> Sessions(int max = 200)
    {
        lock (_gate)
        {
            var list = new List<SessionSummary>(_sessions.Count);
            foreach (var (id, s) in _sessions)
            {
                list.Add(new SessionSummary(id, s.Title, s.CreatedAt, s.LastActivityAt, s.Participants.Count,
                    s.Stats.JoinsOk, s.Stats.GenerationsRequested, s.Stats.ImagesStored, s.Stats.Favorites));
            }

            list.Sort(static (a, b) => b.LastActivityAt.CompareTo(a.LastActivityAt));
            return list.Count > max ? list[..max] : list;
        }
    }

    private void ApplyOne(AnalyticsEvent e)
    {
        var session = Session(e);
        switch (e.Kind)
        {
            case AnalyticsEventKind.SessionCreated:
                Both(session, s => s.SessionsCreated++);
                if (session is not null)
                {
                    session.Title = e.Detail;
                    session.CreatedAt = e.At;
                }

                break;
            case AnalyticsEventKind.JoinOk:
                Both(session, s => { s.JoinsOk++; s.Bucket(e.At).JoinsOk++; });
                if (session is not null && e.ParticipantId is not null && session.Participants.Add(e.ParticipantId))
                {
                    ChangeActive(session, +1, e.At);
                }

                break;
            case AnalyticsEventKind.Leave:
                Both(session, s => s.Leaves++);
                if (session is not null && e.ParticipantId is not null && session.Participants.Remove(e.ParticipantId))
                {
                    ChangeActive(session, -1, e.At);
                }

                break;
            case AnalyticsEventKind.JoinFailed:
                Both(session, s =>
                {
                    s.JoinsFailed++;
                    s.Bucket(e.At).JoinsFailed++;
                    Increment(s.JoinFailures, e.Reason ?? "unknown");
                });
                break;
            case AnalyticsEventKind.GenRequest:
                Both(session, s => s.GenerationsRequested++);
                if (e.GenerationId is not null)
                {
                    _generations[GenerationKey(e)] = new GenerationProgress(e.At, Math.Max(1, e.Count));
                }

                break;
            case AnalyticsEventKind.GenImageStored:
                Both(session, s => { s.ImagesStored++; s.Bucket(e.At).ImagesStored++; });
                VariantSettled(session, e, stored: true);
                break;
            case AnalyticsEventKind.GenVariantFailed:
                Both(session, s => s.VariantsFailed++);
                VariantSettled(session, e, stored: false);
                break;
            case AnalyticsEventKind.GenComplete:
            case AnalyticsEventKind.GenFailed:
                // A whole-generation outcome stated by the journal itself (e.g. refused before any variant ran).
                if (e.GenerationId is not null && _generations.Remove(GenerationKey(e), out var stated))
                {
                    Finish(session, e, stated, e.Kind == AnalyticsEventKind.GenComplete, e.Reason);
                }

                break;
            case AnalyticsEventKind.GenFirstImage:
                break; // always derived here; a mapped one would count twice
            case AnalyticsEventKind.Favorite:
                Both(session, s => { s.Favorites++; s.Bucket(e.At).Favorites++; });
                break;
            case AnalyticsEventKind.ModerationRemove:
                Both(session, s => s.ModerationRemovals++);
                break;
            case AnalyticsEventKind.RecordingStarted:
                Both(session, s => s.RecordingsStarted++);
                break;
            case AnalyticsEventKind.RecordingStopped:
                Both(session, s => s.RecordingsStopped++);
                break;
            case AnalyticsEventKind.PageEvent:
                Both(session, s => Increment(s.PageEvents, e.Reason ?? "unknown"));
                break;
        }

        if (session is not null && e.At > session.LastActivityAt)
        {
            session.LastActivityAt = e.At;
        }
    }

    /// <summary>
    /// The session an event belongs to. A session is known from its first journal event; failed joins and page beacons
    /// name ids chosen by the caller, so they never create one (an attacker must not grow this table).
    /// </summary>
    private SessionStats? Session(AnalyticsEvent e)
    {
        if (string.IsNullOrEmpty(e.SessionId))
        {
            return null;
        }

        if (_sessions.TryGetValue(e.SessionId, out var session))
        {
            return session;
        }

        if (e.Kind is AnalyticsEventKind.JoinFailed or AnalyticsEventKind.PageEvent)
        {
            return null;
        }

        session = new SessionStats(options, e.At);
        _sessions.Add(e.SessionId, session);
        return session;
    }

    private void VariantSettled(SessionStats? session, AnalyticsEvent e, bool stored)
    {
        if (e.GenerationId is null || !_generations.TryGetValue(GenerationKey(e), out var g))
        {
            return; // its request is not in the journal any more (deleted behind a snapshot): count the image only
        }

        if (stored)
        {
            g.Stored++;
            if (g.Stored == 1)
            {
                var ms = (e.At - g.RequestedAt).TotalMilliseconds;
                Both(session, s => { s.TimeToFirstImage.Add(ms); s.Bucket(e.At).TimeToFirstImage.Add(ms); });
            }
        }
        else
        {
            g.Failed++;
            g.FirstFailure ??= e.Reason ?? "unknown";
        }

        if (g.Stored + g.Failed >= g.Expected)
        {
            _generations.Remove(GenerationKey(e));
            Finish(session, e, g, g.Failed == 0, g.FirstFailure);
        }
    }

    private void Finish(SessionStats? session, AnalyticsEvent e, GenerationProgress g, bool complete, string? reason)
    {
        if (complete)
        {
            var ms = (e.At - g.RequestedAt).TotalMilliseconds;
            Both(session, s =>
            {
                s.GenerationsCompleted++;
                s.TimeToAllFour.Add(ms);
                var bucket = s.Bucket(e.At);
                bucket.GenerationsCompleted++;
                bucket.TimeToAllFour.Add(ms);
            });
        }
        else
        {
            Both(session, s =>
            {
                s.GenerationsFailed++;
                s.Bucket(e.At).GenerationsFailed++;
                Increment(s.GenerationFailures, reason ?? "unknown");
            });
        }
    }

    private void ChangeActive(SessionStats session, int delta, DateTimeOffset at)
    {
        var before = session.Participants.Count - delta;
        _node.ActiveParticipants += delta;
        session.Stats.ActiveParticipants += delta;
        if (before == 0 && delta > 0)
        {
            _node.ActiveSessions++;
            session.Stats.ActiveSessions = 1;
        }
        else if (session.Participants.Count == 0 && delta < 0)
        {
            _node.ActiveSessions--;
            session.Stats.ActiveSessions = 0;
        }

        _node.Bucket(at).Observe(_node.ActiveSessions, _node.ActiveParticipants);
        session.Stats.Bucket(at).Observe(session.Stats.ActiveSessions, session.Stats.ActiveParticipants);
    }

    private void Both(SessionStats? session, Action<ScopeStats> update)
    {
        update(_node);
        if (session is not null)
        {
            update(session.Stats);
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string GenerationKey(AnalyticsEvent e) => e.SessionId + "/" + e.GenerationId;

    private AnalyticsReport Report(string scope, ScopeStats stats, DateTimeOffset? until) =>
        new(scope, Position, (int)_bucketSeconds, stats.Figures(), Series(stats, until), Histogram(stats));

    private List<AnalyticsPoint> Series(ScopeStats stats, DateTimeOffset? until)
    {
        var points = new List<AnalyticsPoint>();
        if (stats.Buckets.Count == 0)
        {
            return points;
        }

        var first = stats.Buckets.Keys.First();
        var last = stats.Buckets.Keys.Last();
        if (until is { } u)
        {
            last = Math.Max(last, u.ToUnixTimeSeconds() / _bucketSeconds);
        }

        first = Math.Max(first, last - options.MaxSeriesPoints + 1);
        // Active figures carry over empty buckets: start from the value at the end of the last bucket before the window.
        int sessions = 0, participants = 0;
        foreach (var (index, bucket) in stats.Buckets)
        {
            if (index >= first)
            {
                break;
            }

            if (bucket.Observed)
            {
                sessions = bucket.EndSessions;
                participants = bucket.EndParticipants;
            }
        }

        for (var index = first; index <= last; index++)
        {
            if (stats.Buckets.TryGetValue(index, out var b))
            {
                var ttf = b.TimeToFirstImage.Summarize();
                var tta = b.TimeToAllFour.Summarize();
                points.Add(new AnalyticsPoint(index * _bucketSeconds, b.JoinsOk, b.JoinsFailed, b.GenerationsCompleted,
                    b.GenerationsFailed, b.ImagesStored, b.Favorites, ttf.P50Ms, ttf.P95Ms, tta.P50Ms, tta.P95Ms,
                    Math.Max(b.MaxSessions, sessions), Math.Max(b.MaxParticipants, participants)));
                if (b.Observed)
                {
                    sessions = b.EndSessions;
                    participants = b.EndParticipants;
                }
            }
            else
            {
                points.Add(new AnalyticsPoint(index * _bucketSeconds, 0, 0, 0, 0, 0, 0, null, null, null, null, sessions, participants));
            }
        }

        return points;
    }

    private LatencyHistogram Histogram(ScopeStats stats)
    {
        var bounds = options.HistogramBoundsMs.ToArray();
        var first = new long[bounds.Length + 1];
        var all = new long[bounds.Length + 1];
        stats.TimeToFirstImage.CountInto(bounds, first);
        stats.TimeToAllFour.CountInto(bounds, all);
        return new LatencyHistogram(bounds, first, all);
    }

    private sealed class GenerationProgress(DateTimeOffset requestedAt, int expected)
    {
        public DateTimeOffset RequestedAt { get; } = requestedAt;

        public int Expected { get; } = expected;

        public int Stored { get; set; }

        public int Failed { get; set; }

        public string? FirstFailure { get; set; }
    }

    private sealed class SessionStats(AnalyticsOptions options, DateTimeOffset firstSeen)
    {
        public ScopeStats Stats { get; } = new(options);

        public HashSet<string> Participants { get; } = new(StringComparer.Ordinal);

        public string? Title { get; set; }

        public DateTimeOffset CreatedAt { get; set; } = firstSeen;

        public DateTimeOffset LastActivityAt { get; set; } = firstSeen;
    }

    private sealed class ScopeStats(AnalyticsOptions options)
    {
        public long SessionsCreated { get; set; }
        public long JoinsOk { get; set; }
        public long JoinsFailed { get; set; }
        public Dictionary<string, long> JoinFailures { get; } = new(StringComparer.Ordinal);
        public long GenerationsRequested { get; set; }
        public long GenerationsCompleted { get; set; }
        public long GenerationsFailed { get; set; }
        public Dictionary<string, long> GenerationFailures { get; } = new(StringComparer.Ordinal);
        public long ImagesStored { get; set; }
        public long VariantsFailed { get; set; }
        public LatencySamples TimeToFirstImage { get; } = new(options.MaxLatencySamples);
        public LatencySamples TimeToAllFour { get; } = new(options.MaxLatencySamples);
        public long Favorites { get; set; }
        public long ModerationRemovals { get; set; }
        public long RecordingsStarted { get; set; }
        public long RecordingsStopped { get; set; }
        public long Leaves { get; set; }
        public int ActiveSessions { get; set; }
        public int ActiveParticipants { get; set; }
        public Dictionary<string, long> PageEvents { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<long, BucketStats> Buckets { get; } = [];

        public BucketStats Bucket(DateTimeOffset at)
        {
            var index = at.ToUnixTimeSeconds() / Math.Max(1, options.BucketSeconds);
            if (!Buckets.TryGetValue(index, out var bucket))
            {
                bucket = new BucketStats(options.MaxLatencySamples);
                Buckets.Add(index, bucket);
            }

            return bucket;
        }

        public AnalyticsFigures Figures() => new(
            SessionsCreated,
            JoinsOk,
            JoinsFailed,
            Rate(JoinsOk, JoinsOk + JoinsFailed),
            new Dictionary<string, long>(JoinFailures, StringComparer.Ordinal),
            GenerationsRequested,
            GenerationsCompleted,
            GenerationsFailed,
            Rate(GenerationsCompleted, GenerationsCompleted + GenerationsFailed),
            new Dictionary<string, long>(GenerationFailures, StringComparer.Ordinal),
            ImagesStored,
            VariantsFailed,
            TimeToFirstImage.Summarize(),
            TimeToAllFour.Summarize(),
            Favorites,
            Rate(Favorites, ImagesStored),
            ModerationRemovals,
            RecordingsStarted,
            RecordingsStopped,
            Leaves,
            ActiveSessions,
            ActiveParticipants,
            new Dictionary<string, long>(PageEvents, StringComparer.Ordinal));

        private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
    }

    private sealed class BucketStats(int maxSamples)
    {
        public long JoinsOk { get; set; }
        public long JoinsFailed { get; set; }
        public long GenerationsCompleted { get; set; }
        public long GenerationsFailed { get; set; }
        public long ImagesStored { get; set; }
        public long Favorites { get; set; }
        public LatencySamples TimeToFirstImage { get; } = new(maxSamples);
        public LatencySamples TimeToAllFour { get; } = new(maxSamples);
        public bool Observed { get; private set; }
        public int MaxSessions { get; private set; }
        public int MaxParticipants { get; private set; }
        public int EndSessions { get; private set; }
        public int EndParticipants { get; private set; }

        public void Observe(int sessions, int participants)
        {
            Observed = true;
            MaxSessions = Math.Max(MaxSessions, sessions);
            MaxParticipants = Math.Max(MaxParticipants, participants);
            EndSessions = sessions;
            EndParticipants = participants;
        }
    }
}
