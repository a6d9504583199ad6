using System.Text.Json;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.LoadTester;
using ActorStudio.LoadTester.Cli;
using ActorStudio.TestSupport;
using Xunit.Abstractions;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>
/// Issue 8's kill -9 driven by the load tester itself (in-process, against all three node URLs): 200 participants,
/// chat at 40/s and generations running; the session's owner is killed ~6 s into the load. Everything asserted comes
/// from the tester's report (exact delivery counts, failovers, the library audit it does over HTTP afterwards) and
/// from the journal in PostgreSQL.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LoadTesterFailoverTests(ClusterPostgres postgres, ITestOutputHelper output)
{
    private const int Participants = 200;

    [Fact]
    public async Task Load_tester_across_three_nodes_survives_kill_9_of_the_owner_with_every_client_resumed_elsewhere_and_nothing_lost_or_doubled()
    {
        using var blobs = new TempDirectory("lt-failover-blobs");
        using var reports = new TempDirectory("lt-failover-report");
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, extraArgs:
        [
            "--Studio:Storage:Local:Root=" + blobs.Path,
            "--Studio:Images:Local:MedianLatency=00:00:02",
            "--Studio:Images:Local:Jitter=00:00:00",
        ]);
        var json = Path.Combine(reports.Path, "report.json");
        var options = new LoadTestOptions
        {
            Urls = [.. Enumerable.Range(0, cluster.Count).Select(i => cluster[i].BaseAddress)],
            Sessions = 1,
            Participants = Participants,
            ChatRate = 40,
            GenerateRate = 1,
            DurationSeconds = 20,
            DrainSeconds = 20,
            JsonPath = json,
            Live = false,
        };

        using var abort = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var run = Task.Run(() => LoadTestApp.RunAsync(options, abort.Token));

        // The tester creates the session itself: find it and its owner, wait for all 200 sockets, then ~6 s of load.
        var (sessionId, owner) = await WaitForSessionAsync(cluster, run);
        await WaitConnectionsAsync(cluster, owner, Participants, run);
        await Task.Delay(TimeSpan.FromSeconds(7)); // 1 s of settling in the tester, then ~6 s of measured load
        Assert.False(run.IsCompleted, "the load run ended before the kill");
        await cluster.KillAsync(owner);
        var killedAt = DateTime.UtcNow;

        var exit = await run;
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
        var newOwner = await cluster.OwnerOfAsync(sessionId);
        var deliveries = report.GetProperty("deliveries");
        var resume = report.GetProperty("resume");
        var failover = report.GetProperty("failover");
        var gap = failover.GetProperty("lostToWelcomeMs");
        var generation = report.GetProperty("generation");
        var library = generation.GetProperty("library");
        var rows = await ClusterJournal.ReadAsync(cluster.ConnectionString, sessionId);
        var journaledChat = rows.Count(r => r.Event is ChatMessagePosted { CommandId: { } id } && id.StartsWith("lt", StringComparison.Ordinal));
        var lease = cluster.LeaseDuration;

        output.WriteLine($"FIGURE load-tester kill-9: lease {lease.TotalSeconds} s, {Participants} participants over {cluster.Count} URLs, chat 40/s, generate 1/s; " +
            $"owner node-{owner} killed at {killedAt:HH:mm:ss.fff}, new owner node-{newOwner}; " +
            $"{failover.GetProperty("failovers")} failovers ({failover.GetProperty("participantsFailedOver")} participants), " +
            $"lost socket -> welcome p50 {gap.GetProperty("p50")} ms, max {gap.GetProperty("max")} ms; " +
            $"rejoins {failover.GetProperty("rejoins")} ok, {failover.GetProperty("rejoinFailures")} failed tries; " +
            $"chat sent {deliveries.GetProperty("messagesSent")} (not sendable while away {deliveries.GetProperty("sendFailures")}), journaled {journaledChat}; " +
            $"deliveries expected {deliveries.GetProperty("expected")}, received {deliveries.GetProperty("received")}, lost {deliveries.GetProperty("lost")}, duplicated {deliveries.GetProperty("duplicated")}; " +
            $"resumes answered by a snapshot {resume.GetProperty("snapshotFallbacks")} (chat repeated in them {resume.GetProperty("snapshotRepeats")}); " +
            $"library: {library.GetProperty("generations")} generations, variants stored {library.GetProperty("stored")}, failed {library.GetProperty("failed")} " +
            $"({library.GetProperty("failedRetryable")} retryable), unfinished {library.GetProperty("unfinished")}; journal {rows.Count} events");
        output.WriteLine("errors: " + report.GetProperty("errors"));

        Assert.True(exit == 0, $"the load tester exited {exit}:\n{cluster.Problems()}");
        Assert.True(newOwner >= 0 && newOwner != owner, $"new owner {newOwner}");

        // Every participant lost its socket with the owner and resumed on the new one, within 10 s plus the lease.
        Assert.Equal(Participants, failover.GetProperty("participantsFailedOver").GetInt32());
        Assert.Equal(0, resume.GetProperty("failures").GetInt64());
        Assert.True(gap.GetProperty("max").GetDouble() < (TimeSpan.FromSeconds(10) + lease).TotalMilliseconds,
            $"slowest resume took {gap.GetProperty("max")} ms (lease {lease.TotalSeconds} s)");

        // Exact counts: every message the tester sent (the server took it, or it was resent under its command id after
        // the resume) reached every one of the 200 once. A resume the new owner answers with a snapshot (its resume
        // ring starts at the recovered seq) lists recent chat again as state: counted as snapshotRepeats, not as
        // duplicates; duplicated counts second deliveries on the event stream. Messages a participant could not send while it had no socket
        // are counted apart (sendFailures) and expected nowhere.
        Assert.True(deliveries.GetProperty("messagesSent").GetInt64() > 200, "too little chat to mean anything");
        Assert.Equal(0, deliveries.GetProperty("lost").GetInt64());
        Assert.Equal(0, deliveries.GetProperty("duplicated").GetInt64());
        Assert.Equal(0, resume.GetProperty("sequenceDuplicates").GetInt64());
        Assert.Equal(deliveries.GetProperty("expected").GetInt64(), deliveries.GetProperty("received").GetInt64());
        ClusterJournal.AssertContiguous(rows);
        Assert.True(journaledChat >= deliveries.GetProperty("messagesSent").GetInt64(), $"journal has {journaledChat} chat messages");

        // No generation stays queued or running (the tester read every requester's library over HTTP afterwards);
        // those the kill interrupted failed as retryable.
        Assert.True(library.GetProperty("generations").GetInt64() > 0, "no generation was requested");
        Assert.Equal(0, library.GetProperty("unreadable").GetInt32());
        Assert.Equal(0, library.GetProperty("unfinished").GetInt64());
        Assert.Equal(library.GetProperty("failed").GetInt64(), library.GetProperty("failedRetryable").GetInt64());
    }

    [Fact]
    public async Task Load_tester_follows_the_hand_off_when_the_owner_is_stopped_gracefully()
    {
        using var blobs = new TempDirectory("lt-handoff-blobs");
        using var reports = new TempDirectory("lt-handoff-report");
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, extraArgs:
        [
            "--Studio:Storage:Local:Root=" + blobs.Path,
            "--Studio:Images:Local:MedianLatency=00:00:01",
            "--Studio:Images:Local:Jitter=00:00:00",
        ]);
        var json = Path.Combine(reports.Path, "report.json");
        const int participants = 60;
        var options = new LoadTestOptions
        {
            Urls = [.. Enumerable.Range(0, cluster.Count).Select(i => cluster[i].BaseAddress)],
            Participants = participants,
            ChatRate = 10,
            GenerateRate = 0.5,
            DurationSeconds = 10,
            DrainSeconds = 15,
            JsonPath = json,
            Live = false,
        };

        using var abort = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = Task.Run(() => LoadTestApp.RunAsync(options, abort.Token));
        var (sessionId, owner) = await WaitForSessionAsync(cluster, run);
        await WaitConnectionsAsync(cluster, owner, participants, run);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(run.IsCompleted, "the load run ended before the stop");
        Assert.Equal(0, await cluster.StopAsync(owner, TimeSpan.FromSeconds(30)));

        var exit = await run;
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
        var deliveries = report.GetProperty("deliveries");
        var failover = report.GetProperty("failover");
        var gap = failover.GetProperty("lostToWelcomeMs");
        var library = report.GetProperty("generation").GetProperty("library");
        var newOwner = await cluster.OwnerOfAsync(sessionId);
        output.WriteLine($"FIGURE load-tester hand-off (SIGTERM of the owner): {participants} participants, chat 10/s; " +
            $"{failover.GetProperty("participantsFailedOver")} failed over, {failover.GetProperty("rejoins")} HTTP rejoins; " +
            $"lost socket -> welcome p50 {gap.GetProperty("p50")} ms, max {gap.GetProperty("max")} ms; " +
            $"deliveries {deliveries.GetProperty("received")} of {deliveries.GetProperty("expected")}, lost {deliveries.GetProperty("lost")}, duplicated {deliveries.GetProperty("duplicated")}; " +
            $"resumes answered by a snapshot {report.GetProperty("resume").GetProperty("snapshotFallbacks")} (chat repeated in them {report.GetProperty("resume").GetProperty("snapshotRepeats")}); " +
            $"library unfinished {library.GetProperty("unfinished")}");
        output.WriteLine("errors: " + report.GetProperty("errors"));

        Assert.True(exit == 0, $"the load tester exited {exit}:\n{cluster.Problems()}");
        Assert.True(newOwner >= 0 && newOwner != owner, $"new owner {newOwner}");
        Assert.Equal(participants, failover.GetProperty("participantsFailedOver").GetInt32());
        Assert.Equal(0, report.GetProperty("resume").GetProperty("failures").GetInt64());
        Assert.Equal(0, deliveries.GetProperty("lost").GetInt64());
        Assert.Equal(0, deliveries.GetProperty("duplicated").GetInt64());
        Assert.Equal(deliveries.GetProperty("expected").GetInt64(), deliveries.GetProperty("received").GetInt64());
        Assert.Equal(0, library.GetProperty("unfinished").GetInt64());
        ClusterJournal.AssertContiguous(await ClusterJournal.ReadAsync(cluster.ConnectionString, sessionId));
    }

    private static async Task<(string SessionId, int Owner)> WaitForSessionAsync(ClusterHarness cluster, Task<int> run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            foreach (var i in cluster.RunningIndexes())
            {
                if (await cluster.TryStatusAsync(i) is { } status && status.GetProperty("sessions").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.String } session)
                {
                    return (session.GetString()!, i);
                }
            }

            Assert.False(run.IsCompleted, "the load run ended before its session was created");
            Assert.True(DateTime.UtcNow < deadline, "no node holds the load tester's session");
            await Task.Delay(100);
        }
    }

    private static async Task WaitConnectionsAsync(ClusterHarness cluster, int node, int count, Task<int> run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await cluster.TryStatusAsync(node))?.GetProperty("connections").GetInt32() is not { } connections || connections < count)
        {
            Assert.False(run.IsCompleted, "the load run ended before everyone joined");
            Assert.True(DateTime.UtcNow < deadline, $"only some of {count} sockets reached node-{node}");
            await Task.Delay(100);
        }
    }
}
