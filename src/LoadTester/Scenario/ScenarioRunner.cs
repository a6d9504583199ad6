using System.Buffers;
using System.Net.WebSockets;
using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;
using ActorStudio.LoadTester.Reporting;
using ActorStudio.LoadTester.Targets;

namespace ActorStudio.LoadTester.Scenario;

/// <summary>
/// Runs one scenario: probe, create sessions, join at the ramp rate, then load for the duration
/// (chat, generations, stars, churn, all paced by one shared loop), drain, and report.
/// Chat starts only once everyone has joined, so every message has a known audience and loss is exact.
/// </summary>
public sealed class ScenarioRunner
{
    private const int JoinConcurrency = 128;
    private const int CloseConcurrency = 256;
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    /// <summary>How long the library audit waits for generations still drawing at the end to finish.</summary>
    private static readonly TimeSpan LibrarySettle = TimeSpan.FromSeconds(30);

    private readonly LoadTestOptions _options;
    private readonly ITargetDriver _driver;
    private readonly Random _random;
    private readonly List<SimulatedParticipant> _participants = [];
    private readonly List<string> _notes = [];
    private readonly ProcessWindow? _server;
    private readonly ProcessWindow _self = new(Environment.ProcessId);
    private SimulatedParticipant[][] _bySession = [];
    private long[] _sessionSent = [];
    private long[] _sessionNextId = [];
    private int[] _sessionMembers = [];
    private TargetSession[] _sessions = [];
    private long _inFlight;
    private long _reconnecting;
    private volatile bool _closing;
    private long _windowStart;
    private long _windowEnd;
    private LibraryAudit? _library;

    public ScenarioRunner(LoadTestOptions options, ITargetDriver driver)
    {
        _options = options;
        _driver = driver;
        _random = new Random(options.Seed);
        _server = options.ServerPid is int pid ? new ProcessWindow(pid) : null;
        int timelineSeconds = (int)Math.Ceiling((options.TotalParticipants / options.RampPerSecond) + options.WarmupSeconds + options.DurationSeconds + options.DrainSeconds) + 120;
        Timeline = new LatencyTimeline(timelineSeconds);
    }

    public RunCounters Counters { get; } = new();

    public RunClock Clock { get; } = new();

    public LatencyTimeline Timeline { get; }

    /// <summary>What the run is doing now, for the live display.</summary>
    public string Phase { get; private set; } = "starting";

    public int ParticipantsTotal => _options.TotalParticipants;

    public async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset startedAt = DateTimeOffset.UtcNow;
        Phase = "probing";
        try
        {
            await _driver.ProbeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TargetUnavailableException ex)
        {
            return new ScenarioResult(null, ScenarioResult.Unreachable, ex.Message);
        }

        Phase = "creating sessions";
        try
        {
            _sessions = new TargetSession[_options.Sessions];
            for (int s = 0; s < _options.Sessions; s++)
            {
                _sessions[s] = await _driver.CreateSessionAsync(s, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JoinRefusedException ex)
        {
            return new ScenarioResult(null, ScenarioResult.JoinsRefused, $"session creation refused: {ex.Status} {ex.Code}: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return new ScenarioResult(null, ScenarioResult.Unreachable, "session creation failed: " + ex.Message);
        }

        CreateParticipants();
        _server?.SampleBaseline();
        Phase = "joining";
        await JoinEveryoneAsync(cancellationToken).ConfigureAwait(false);
        _server?.SampleConnected();
        long joined = Counters.JoinsSucceeded;
        string? failure = null;
        if (joined == 0 || Counters.JoinsFailed * 2 > _options.TotalParticipants)
        {
            failure = $"joins refused or failed: {Counters.JoinsFailed} of {_options.TotalParticipants} ({string.Join(", ", Counters.Errors.Select(e => $"{e.Key}={e.Value}"))})";
        }

        for (int s = 0; s < _bySession.Length; s++)
        {
            foreach (SimulatedParticipant p in _bySession[s])
            {
                if (!p.IsSlow && p.State == ParticipantState.Connected)
                {
                    _sessionMembers[s]++;
                }
            }
        }

        using var keepAliveStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task keepAlive = KeepAliveLoopAsync(keepAliveStop.Token);
        if (failure is null)
        {
            Phase = "settling";
            await Task.Delay(SettleTime, cancellationToken).ConfigureAwait(false);
            if (_options.WarmupSeconds > 0)
            {
                // Chat that is stamped for no session: it warms both ends' JIT and pools and is counted as foreign, never measured.
                Phase = "warming up";
                await PaceAsync(_options.WarmupSeconds, warmup: true, cancellationToken).ConfigureAwait(false);
                await Task.Delay(SettleTime, cancellationToken).ConfigureAwait(false);
            }

            Phase = "load";
            _server?.SampleWindowStart();
            _self.SampleWindowStart();
            _windowStart = RunClock.Now;
            Counters.MarkWindowStart();
            await PaceAsync(_options.DurationSeconds, warmup: false, cancellationToken).ConfigureAwait(false);
            Phase = "draining";
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            _windowEnd = RunClock.Now;
            Counters.MarkWindowEnd();
            _server?.SampleWindowEnd();
            _self.SampleWindowEnd();
            if (_options.GenerateRate > 0 && _driver is ILibraryAuditor auditor && _driver.Capabilities.Generation)
            {
                // Where every generation ended, from the server's own records: none may stay queued or running.
                Phase = "auditing generations";
                List<TargetConnection> requesters = [.. _participants.Where(p => p.Role != ParticipantRole.Viewer && p.Connection is not null).Select(p => p.Connection!)];
                _library = await auditor.AuditLibraryAsync(requesters, LibrarySettle, cancellationToken).ConfigureAwait(false);
            }
        }

        _closing = true;
        Phase = "slow consumers";
        Dictionary<string, long> slowReasons = await CollectSlowConsumersAsync().ConfigureAwait(false);
        await keepAliveStop.CancelAsync().ConfigureAwait(false);
        await keepAlive.ConfigureAwait(false);
        Phase = "closing";
        await CloseEveryoneAsync().ConfigureAwait(false);
        Phase = "done";

        LoadTestReport report = new ReportBuilder(_options, _driver, Counters, Timeline).Build(
            startedAt,
            RunClock.MicrosecondsBetween(_windowStart, _windowEnd) / 1e6,
            _participants,
            _sessionSent,
            slowReasons,
            _server,
            _self,
            _notes,
            _library);
        return failure is null
            ? new ScenarioResult(report, ScenarioResult.Success, null)
            : new ScenarioResult(report, ScenarioResult.JoinsRefused, failure);
    }

    private void CreateParticipants()
    {
        int sessions = _options.Sessions;
        int perSession = _options.Participants;
        _bySession = new SimulatedParticipant[sessions][];
        _sessionSent = new long[sessions];
        _sessionNextId = new long[sessions];
        _sessionMembers = new int[sessions];
        var slow = new HashSet<(int Session, int Index)>();
        for (int k = 0; k < Math.Min(_options.SlowConsumers, sessions * Math.Max(0, perSession - 1)); k++)
        {
            // The last participants of each session, round robin; never a host.
            slow.Add((k % sessions, perSession - 1 - (k / sessions)));
        }

        for (int s = 0; s < sessions; s++)
        {
            _bySession[s] = new SimulatedParticipant[perSession];
        }

        // Interleaved so every session fills at the same pace during the ramp.
        for (int i = 0; i < perSession; i++)
        {
            for (int s = 0; s < sessions; s++)
            {
                var participant = new SimulatedParticipant(
                    _participants.Count, s, i, _options.Roles.RoleOf(i), slow.Contains((s, i)), Counters, Timeline, Clock, OnParticipantDropped, OnChatRefused);
                _bySession[s][i] = participant;
                _participants.Add(participant);
            }
        }
    }

    private async Task JoinEveryoneAsync(CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(JoinConcurrency);
        var joins = new List<Task>(_participants.Count);
        long start = RunClock.Now;
        for (int i = 0; i < _participants.Count; i++)
        {
            double dueSeconds = i / _options.RampPerSecond;
            double waitSeconds = dueSeconds - (RunClock.MicrosecondsSince(start) / 1e6);
            if (waitSeconds > 0.001)
            {
                await Task.Delay(TimeSpan.FromSeconds(waitSeconds), cancellationToken).ConfigureAwait(false);
            }

            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            joins.Add(JoinOneAsync(_participants[i], gate, cancellationToken));
        }

        await Task.WhenAll(joins).ConfigureAwait(false);
    }

    private async Task JoinOneAsync(SimulatedParticipant participant, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            long started = RunClock.Now;
            TargetTicket ticket = await _driver.JoinAsync(_sessions[participant.SessionIndex], participant.Role, participant.DisplayName, cancellationToken).ConfigureAwait(false);
            TargetConnection connection = _driver.CreateConnection(ticket, participant, Counters);
            if (participant.IsSlow)
            {
                connection.ReceiveBufferBytes = _options.SlowConsumerReceiveBufferBytes;
            }

            participant.Connection = connection;
            await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
            Counters.JoinSucceeded(RunClock.MicrosecondsSince(started));
            if (participant.IsSlow)
            {
                connection.PauseReading();
            }

            participant.MoveTo(ParticipantState.Connected);
        }
        catch (JoinRefusedException ex)
        {
            Counters.JoinFailed();
            Counters.Error(ex.Code);
            participant.MoveTo(ParticipantState.Failed);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or TimeoutException or IOException or OperationCanceledException)
        {
            Counters.JoinFailed();
            Counters.ConnectionFailed();
            string why = participant.Connection?.Closed is { IsCompletedSuccessfully: true } closed ? closed.Result : ex.GetType().Name;
            Counters.Error("connect_failed:" + why);
            participant.MoveTo(ParticipantState.Failed);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One loop paces everything: each tick it sends what the rates say is due by now.</summary>
    private async Task PaceAsync(double seconds, bool warmup, CancellationToken cancellationToken)
    {
        int sessions = _options.Sessions;
        long chatDue = 0;
        long generationsDue = 0;
        long favoritesDue = 0;
        long churnDue = 0;
        bool generationNoted = false;
        TimeSpan tick = PacerTick();
        long start = RunClock.Now;
        while (true)
        {
            double elapsed = RunClock.MicrosecondsSince(start) / 1e6;
            if (elapsed >= seconds)
            {
                break;
            }

            long chatTarget = (long)(elapsed * _options.ChatRate * sessions);
            for (; chatDue < chatTarget; chatDue++)
            {
                if (warmup)
                {
                    SendWarmupChat((int)(chatDue % sessions), cancellationToken);
                }
                else
                {
                    SendOneChat((int)(chatDue % sessions), cancellationToken);
                }
            }

            if (warmup)
            {
                await Task.Delay(tick, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (_options.GenerateRate > 0)
            {
                if (!_driver.Capabilities.Generation)
                {
                    if (!generationNoted)
                    {
                        _notes.Add($"generation skipped: target '{_driver.Name}' does not support it");
                        generationNoted = true;
                    }
                }
                else
                {
                    long target = (long)(elapsed * _options.GenerateRate * sessions);
                    for (; generationsDue < target; generationsDue++)
                    {
                        RequestOneGeneration((int)(generationsDue % sessions), cancellationToken);
                    }
                }
            }

            if (_options.FavoriteRate > 0 && _driver.Capabilities.Generation)
            {
                long target = (long)(elapsed * _options.FavoriteRate * sessions);
                for (; favoritesDue < target; favoritesDue++)
                {
                    StarOne((int)(favoritesDue % sessions), cancellationToken);
                }
            }

            long churnTarget = (long)(elapsed * _options.ChurnPerSecond);
            for (; churnDue < churnTarget; churnDue++)
            {
                ChurnOne();
            }

            await Task.Delay(tick, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How often the pacer wakes: about once per event at the total rate (so sends are not bunched
    /// into bursts the server could batch for free), never more than 1000 or fewer than 20 times a second.
    /// </summary>
    private TimeSpan PacerTick()
    {
        double perSecond = (_options.Sessions * (_options.ChatRate + _options.GenerateRate + _options.FavoriteRate)) + _options.ChurnPerSecond;
        double ms = perSecond <= 0 ? 50 : Math.Clamp(1000 / perSecond, 1, 50);
        return TimeSpan.FromMilliseconds(ms);
    }

    private SimulatedParticipant? PickSender(int session, Func<SimulatedParticipant, bool> eligible)
    {
        SimulatedParticipant[] members = _bySession[session];
        for (int attempt = 0; attempt < 16; attempt++)
        {
            SimulatedParticipant candidate = members[_random.Next(members.Length)];
            if (candidate.CanSend && eligible(candidate))
            {
                return candidate;
            }
        }

        foreach (SimulatedParticipant candidate in members)
        {
            if (candidate.CanSend && eligible(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private void SendOneChat(int session, CancellationToken cancellationToken)
    {
        SimulatedParticipant? sender = PickSender(session, static _ => true);
        if (sender is null)
        {
            Counters.ChatSendFailed();
            return;
        }

        long id = _sessionNextId[session]++;
        Interlocked.Increment(ref _inFlight);
        _ = SendChatAsync(sender, session, id, cancellationToken);
    }

    private void SendWarmupChat(int session, CancellationToken cancellationToken)
    {
        SimulatedParticipant? sender = PickSender(session, static _ => true);
        if (sender is not null)
        {
            _ = SendWarmupChatAsync(sender, session, cancellationToken);
        }
    }

    private async Task SendWarmupChatAsync(SimulatedParticipant sender, int session, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_options.MessageBytes);
        try
        {
            ChatStamp.Write(buffer.AsSpan(0, _options.MessageBytes), -1 - session, 0, RunClock.Now);
            await sender.Connection!.SendChatAsync(buffer.AsMemory(0, _options.MessageBytes), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Warm-up traffic is not measured.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendChatAsync(SimulatedParticipant sender, int session, long id, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_options.MessageBytes);
        try
        {
            ChatStamp.Write(buffer.AsSpan(0, _options.MessageBytes), session, id, RunClock.Now);
            bool sent = await sender.Connection!.SendChatAsync(buffer.AsMemory(0, _options.MessageBytes), cancellationToken).ConfigureAwait(false);
            if (sent)
            {
                sender.CountSent();
                Interlocked.Increment(ref _sessionSent[session]);
                Counters.ChatWasSent(AudienceOf(session));
            }
            else
            {
                Counters.ChatSendFailed();
            }
        }
        catch (OperationCanceledException)
        {
            Counters.ChatSendFailed();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void RequestOneGeneration(int session, CancellationToken cancellationToken)
    {
        SimulatedParticipant? requester = PickSender(session, static p => p.Role != ParticipantRole.Viewer);
        if (requester is null)
        {
            return;
        }

        string prompt = $"load test {session}-{requester.IndexInSession}-{_random.Next(1_000_000)}: a lighthouse at dusk";
        _ = SafeAsync(requester.Connection!.RequestGenerationAsync(prompt, cancellationToken));
    }

    private void StarOne(int session, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            SimulatedParticipant? owner = PickSender(session, static p => p.Role != ParticipantRole.Viewer);
            string? image = owner?.PickStoredImage(_random);
            if (owner is not null && image is not null)
            {
                Counters.FavoriteSent();
                _ = SafeAsync(owner.Connection!.FavoriteAsync(image, cancellationToken));
                return;
            }
        }
    }

    private void ChurnOne()
    {
        for (int attempt = 0; attempt < 16; attempt++)
        {
            SimulatedParticipant candidate = _participants[_random.Next(_participants.Count)];
            if (!candidate.IsSlow && candidate.TryMoveTo(ParticipantState.Connected, ParticipantState.Reconnecting))
            {
                _ = CycleAsync(candidate, abortFirst: true);
                return;
            }
        }
    }

    /// <summary>A refused message has no audience: take it out of what is expected, so loss counts only what the server lost.</summary>
    private void OnChatRefused(int session)
    {
        Interlocked.Decrement(ref _sessionSent[session]);
        Counters.ChatWasRefused(AudienceOf(session));
    }

    private int AudienceOf(int session) => _sessionMembers[session] - (_driver.Capabilities.EchoesChatToSender ? 0 : 1);

    private void OnParticipantDropped(SimulatedParticipant participant, string reason)
    {
        if (participant.IsSlow || _closing)
        {
            return;
        }

        Counters.Dropped();
        Counters.Closed(reason);
        if (participant.TryMoveTo(ParticipantState.Connected, ParticipantState.Reconnecting))
        {
            // A browser would reconnect and resume; so does the simulated participant.
            _ = CycleAsync(participant, abortFirst: false);
        }
    }

    private async Task CycleAsync(SimulatedParticipant participant, bool abortFirst)
    {
        Interlocked.Increment(ref _reconnecting);
        try
        {
            TargetConnection connection = participant.Connection!;
            if (abortFirst)
            {
                await connection.AbortAsync().ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(connection.ReconnectDelay).ConfigureAwait(false);
            }

            for (int attempt = 1; attempt <= 3 && !_closing; attempt++)
            {
                long started = RunClock.Now;
                try
                {
                    await connection.ReconnectAsync(CancellationToken.None).WaitAsync(connection.ReconnectTimeout).ConfigureAwait(false);
                    Counters.Reconnected(RunClock.MicrosecondsSince(started));
                    participant.CountReconnect();
                    participant.MoveTo(ParticipantState.Connected);
                    return;
                }
                catch (Exception ex) when (ex is WebSocketException or HttpRequestException or TimeoutException or IOException or JoinRefusedException or OperationCanceledException)
                {
                    Counters.Error("reconnect_failed:" + (ex is JoinRefusedException refused ? refused.Code : ex.GetType().Name));
                    await connection.AbortAsync().ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt)).ConfigureAwait(false);
                }
            }

            Counters.ReconnectFailed();
            participant.MoveTo(ParticipantState.Failed);
        }
        finally
        {
            Interlocked.Decrement(ref _reconnecting);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        long deadline = RunClock.Now + (long)(_options.DrainSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (RunClock.Now < deadline)
        {
            bool quiet = Interlocked.Read(ref _inFlight) == 0 && Interlocked.Read(ref _reconnecting) == 0;
            if (quiet && Counters.Received + Counters.Duplicated >= Counters.Expected && GenerationsSettled())
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private bool GenerationsSettled() => Counters.GenerationsCompleted >= Counters.GenerationsStarted;

    private async Task KeepAliveLoopAsync(CancellationToken cancellationToken)
    {
        TimeSpan? interval = null;
        foreach (SimulatedParticipant p in _participants)
        {
            interval ??= p.Connection?.KeepAliveInterval;
        }

        if (interval is not { } every)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(every);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (SimulatedParticipant p in _participants)
                {
                    if (p.Connection is { IsOpen: true } connection)
                    {
                        await connection.SendKeepAliveAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private async Task<Dictionary<string, long>> CollectSlowConsumersAsync()
    {
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        var waits = new List<Task<string>>();
        foreach (SimulatedParticipant p in _participants)
        {
            if (p.IsSlow && p.Connection is { } connection)
            {
                // Read again: whatever the server queued comes through, then its close frame if it gave up on us.
                connection.ResumeReading();
                waits.Add(WaitClosedAsync(connection));
            }
        }

        foreach (string reason in await Task.WhenAll(waits).ConfigureAwait(false))
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        return reasons;
    }

    private static async Task<string> WaitClosedAsync(TargetConnection connection)
    {
        Task<string> closed = connection.Closed;
        Task finished = await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        return finished == closed ? await closed.ConfigureAwait(false) : "still connected";
    }

    private async Task CloseEveryoneAsync()
    {
        using var gate = new SemaphoreSlim(CloseConcurrency);
        var closes = new List<Task>(_participants.Count);
        foreach (SimulatedParticipant p in _participants)
        {
            if (p.Connection is { } connection)
            {
                await gate.WaitAsync().ConfigureAwait(false);
                closes.Add(CloseOneAsync(connection, gate));
            }
        }

        await Task.WhenAll(closes).ConfigureAwait(false);
    }

    private static async Task CloseOneAsync(TargetConnection connection, SemaphoreSlim gate)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await connection.CloseAsync(timeout.Token).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing is best effort: the run's figures are already taken.
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task SafeAsync(ValueTask<bool> operation)
    {
        try
        {
            if (!await operation.ConfigureAwait(false))
            {
                Counters.Error("request_not_sent");
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or HttpRequestException)
        {
            Counters.Error("request_failed:" + ex.GetType().Name);
        }
    }
}
