using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;
using ActorStudio.LoadTester.Scenario;
using ActorStudio.LoadTester.Targets;

namespace ActorStudio.LoadTester.Reporting;

/// <summary>Turns a finished run's counters, histograms and /proc samples into a <see cref="LoadTestReport"/>.</summary>
public sealed class ReportBuilder(LoadTestOptions options, ITargetDriver driver, RunCounters counters, LatencyTimeline timeline)
{
    public LoadTestReport Build(
        DateTimeOffset startedAt,
        double windowSeconds,
        IReadOnlyList<SimulatedParticipant> participants,
        IReadOnlyList<long> sessionSent,
        IReadOnlyDictionary<string, long> slowReasons,
        ProcessWindow? server,
        ProcessWindow self,
        IReadOnlyList<string> notes,
        LibraryAudit? library = null)
    {
        bool echo = driver.Capabilities.EchoesChatToSender;
        int withLoss = 0;
        int reconnected = 0;
        int reconnectedWithLoss = 0;
        int reconnectedWithDuplicates = 0;
        int slow = 0;
        int connected = 0;
        int failedOver = 0;
        foreach (SimulatedParticipant p in participants)
        {
            if (p.IsSlow)
            {
                slow++;
                continue;
            }

            if (p.State is ParticipantState.Pending || (p.State is ParticipantState.Failed && p.Reconnects == 0 && p.Connection is null))
            {
                continue;
            }

            connected++;
            failedOver += p.Connection is { Failovers: > 0 } ? 1 : 0;
            long expected = sessionSent[p.SessionIndex] - (echo ? 0 : p.Sent);
            bool lost = p.Received.Distinct < expected;
            if (lost)
            {
                withLoss++;
            }

            if (p.Reconnects > 0)
            {
                reconnected++;
                reconnectedWithLoss += lost ? 1 : 0;
                reconnectedWithDuplicates += p.Received.Duplicates > 0 ? 1 : 0;
            }
        }

        long received = counters.Received;
        long expectedTotal = counters.Expected;
        double window = Math.Max(windowSeconds, 1e-9);
        var notesOut = new List<string>(notes);
        if (!driver.Capabilities.Resume && options.ChurnPerSecond > 0)
        {
            notesOut.Add($"target '{driver.Name}' has no resume: messages sent while a churned client was away are lost by design");
        }

        if (options.Urls.Count > 1 && options.Target == TargetKind.SignalR)
        {
            notesOut.Add($"only {options.Url} was driven: the SignalR baseline is a single server");
        }

        if (options.GenerateRate > 0 && !driver.Capabilities.Generation)
        {
            notesOut.Add("generation figures are empty: the target does not generate images");
        }

        int slowDisconnected = 0;
        foreach (KeyValuePair<string, long> reason in slowReasons)
        {
            if (reason.Key != "still connected")
            {
                slowDisconnected += (int)reason.Value;
            }
        }

        return new LoadTestReport
        {
            Target = driver.Name,
            Url = options.Url.ToString(),
            Urls = [.. options.Urls.Select(u => u.ToString())],
            StartedAt = startedAt,
            Sessions = options.Sessions,
            Participants = options.TotalParticipants,
            ParticipantsPerSession = options.Participants,
            Roles = options.Roles.ToString(),
            DurationS = Math.Round(windowSeconds, 3),
            Rates = new ScenarioRates(options.ChatRate, options.GenerateRate, options.FavoriteRate, options.ChurnPerSecond, options.RampPerSecond, options.MessageBytes),
            Deliveries = new DeliveryFigures(
                expectedTotal,
                received,
                Math.Max(0, expectedTotal - received),
                counters.Duplicated,
                Math.Round(received / window, 1),
                counters.ChatSent - counters.ChatRefused,
                counters.ChatRefused,
                counters.ChatSendFailures,
                counters.WindowFrames,
                counters.WindowBytes,
                counters.WindowFrames == 0 ? 0 : Math.Round((double)received / counters.WindowFrames, 3),
                counters.ForeignChat,
                withLoss,
                counters.LateDeliveries),
            LatencyMs = Figures(counters.Delivery),
            JoinMs = Figures(counters.Join),
            Joins = new JoinFigures(counters.JoinsSucceeded, counters.JoinsFailed),
            Errors = new SortedDictionary<string, long>(counters.Errors, StringComparer.Ordinal),
            Disconnects = counters.Drops,
            CloseReasons = new SortedDictionary<string, long>(counters.CloseReasons, StringComparer.Ordinal),
            ConnectionFailures = counters.ConnectionFailures,
            Resume = new ResumeFigures(
                driver.Capabilities.Resume,
                counters.Reconnects,
                counters.ReconnectFailures,
                Figures(counters.Reconnect),
                reconnected,
                reconnectedWithLoss,
                reconnectedWithDuplicates,
                counters.ResumeDuplicates,
                counters.SnapshotFallbacks,
                counters.SnapshotRepeats),
            Failover = new FailoverFigures(
                options.Urls.Count,
                counters.Failovers,
                failedOver,
                Figures(counters.Failover),
                counters.Rejoins,
                counters.RejoinFailures),
            SlowConsumers = new SlowConsumerFigures(slow, slowDisconnected, new SortedDictionary<string, long>(slowReasons.ToDictionary(), StringComparer.Ordinal)),
            Generation = new GenerationFigures(
                driver.Capabilities.Generation,
                counters.GenerationsStarted,
                counters.GenerationsCompleted,
                counters.VariantsFailed,
                Figures(counters.FirstVariant),
                Figures(counters.FourthVariant),
                counters.FavoritesSent,
                library),
            Server = server is null ? null : ServerFigures(server, received, window, connected + slow),
            LoadTester = SelfFigures(self, window),
            ServerMessages = counters.MessagesByType().ToDictionary(
                kv => Enum.IsDefined((ActorStudio.Protocol.Frames.MessageType)kv.Key) ? ((ActorStudio.Protocol.Frames.MessageType)kv.Key).ToString() : kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                kv => kv.Value),
            Timeline = TimelinePoints(),
            Histogram = HistogramPoints(counters.Delivery),
            Notes = notesOut,
        };
    }

    public static LatencyFigures Figures(LatencyHistogram histogram) => new(
        Ms(histogram.ValueAtPercentile(50)),
        Ms(histogram.ValueAtPercentile(90)),
        Ms(histogram.ValueAtPercentile(99)),
        Ms(histogram.ValueAtPercentile(99.9)),
        Ms(histogram.MaxMicroseconds),
        Math.Round(histogram.MeanMicroseconds / 1000.0, 3),
        histogram.Count);

    public static IReadOnlyList<HistogramPoint> HistogramPoints(LatencyHistogram histogram)
    {
        var points = new List<HistogramPoint>();
        foreach (HistogramBucket bucket in histogram.NonEmptyBuckets())
        {
            points.Add(new HistogramPoint(Ms(bucket.LowMicroseconds), Ms(bucket.HighMicroseconds), bucket.Count));
        }

        return points;
    }

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);

    private static ServerFigures ServerFigures(ProcessWindow server, long received, double window, int connections)
    {
        double cpu = server.WindowCpuSeconds;
        long baseline = server.Baseline?.RssBytes ?? 0;
        long connectedRss = server.Connected?.RssBytes ?? 0;
        long peak = server.WindowEnd?.PeakRssBytes ?? server.Connected?.PeakRssBytes ?? 0;
        return new ServerFigures(
            server.Pid,
            Math.Round(cpu, 2),
            received > 0 ? Math.Round(cpu / received * 1e6, 2) : null,
            Math.Round(cpu / window * 100, 1),
            baseline,
            connectedRss,
            peak,
            connections > 0 && connectedRss > 0 ? Math.Round((double)(connectedRss - baseline) / connections, 0) : null,
            server.WindowEnd?.Threads ?? server.Connected?.Threads ?? 0);
    }

    private static ProcessFigures SelfFigures(ProcessWindow self, double window)
    {
        double cpu = self.WindowCpuSeconds;
        ProcessSample? now = ProcSampler.TrySample(self.Pid);
        return new ProcessFigures(Math.Round(cpu, 2), Math.Round(cpu / window * 100, 1), now?.PeakRssBytes ?? 0);
    }

    private List<TimelinePoint> TimelinePoints()
    {
        var points = new List<TimelinePoint>();
        for (int second = 0; second < timeline.Length; second++)
        {
            LatencyHistogram h = timeline.At(second);
            if (h.Count > 0)
            {
                points.Add(new TimelinePoint(second, h.Count, Ms(h.ValueAtPercentile(50)), Ms(h.ValueAtPercentile(99)), Ms(h.MaxMicroseconds)));
            }
        }

        return points;
    }
}
