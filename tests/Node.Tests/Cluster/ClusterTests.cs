using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.Node.Tests.Sessions;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Xunit.Abstractions;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>
/// Three real node processes on loopback in cluster mode against one real PostgreSQL: routing, spread, kill -9
/// failover, split brain, rolling restart. Lease 5 s (renewal every 1.25 s). The timings printed are the
/// measured figures of docs/performance.md ("Cluster"); only generous bounds are asserted.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(ClusterPostgres postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Session_created_on_A_and_joined_through_B_and_C_has_all_sockets_on_its_single_owner_and_sessions_spread_evenly()
    {
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server);
        var a = new SessionHttp(cluster[0].CreateClient());
        var session = await a.CreateAsync("routing");
        var host = await a.JoinAsync(session.SessionId, session.HostCode, "Host");
        var viaB = await new SessionHttp(cluster[1].CreateClient()).JoinAsync(session.SessionId, session.CollaboratorCode, "Bea");
        var viaC = await new SessionHttp(cluster[2].CreateClient()).JoinAsync(session.SessionId, session.ViewerCode, "Cy");

        // Every join names the same socket URL: the owner's.
        Assert.Equal(host.WsUrl, viaB.WsUrl);
        Assert.Equal(host.WsUrl, viaC.WsUrl);
        var owner = cluster.IndexOfPort(host.WsUrl.Port);
        Assert.True(owner >= 0, $"wsUrl {host.WsUrl} names no node");
        Assert.Equal(owner, await cluster.OwnerOfAsync(session.SessionId));

        // A socket that reaches a non-owner is told where to go (Moved frame, close 4010 naming the owner).
        var other = (owner + 1) % 3;
        await using (var wrong = await SessionSocketClient.ConnectAsync(cluster[other].WebSocketUri($"/api/sessions/{session.SessionId}/ws"), viaB.Token))
        {
            var moved = await wrong.WaitForAsync<Moved>();
            Assert.Equal(host.WsUrl.ToString(), moved.WebSocketUrl);
            var (code, reason) = await wrong.WaitClosedAsync();
            Assert.Equal(CloseCodes.Moved, code);
            Assert.Equal(host.WsUrl.ToString(), reason);
        }

        await using var s1 = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await using var s2 = await SessionSocketClient.ConnectAsync(viaB.WsUrl, viaB.Token);
        await using var s3 = await SessionSocketClient.ConnectAsync(viaC.WsUrl, viaC.Token);
        foreach (var s in new[] { s1, s2, s3 })
        {
            await s.WaitForAsync<Welcome>();
        }

        var ownerStatus = await cluster.StatusAsync(owner);
        Assert.Equal(3, ownerStatus.GetProperty("connections").GetInt32());
        foreach (var i in new[] { (owner + 1) % 3, (owner + 2) % 3 })
        {
            var status = await cluster.StatusAsync(i);
            Assert.Equal(0, status.GetProperty("connections").GetInt32());
            Assert.DoesNotContain(session.SessionId, status.GetProperty("sessions").EnumerateArray().Select(e => e.GetString()));
        }

        // HTTP commands reach the owner from any node (forwarded; the answer says who served it).
        var bHttp = new SessionHttp(cluster[other].CreateClient());
        using (var chat = await bHttp.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/chat", viaB.Token, new { text = "via another node", commandId = "http-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, chat.StatusCode);
            Assert.Equal(ClusterHarness.NodeId(owner), chat.Headers.GetValues("X-Studio-Forwarded-By").Single());
        }

        var posted = await s1.WaitForAsync<ChatMessage>(m => m.Text == "via another node");
        Assert.Equal("http-1", posted.CommandId);

        // 300 new sessions, created through all three nodes, land within 20% of even.
        var created = new List<string>();
        for (var start = 0; start < 300; start += 10)
        {
            var batch = Enumerable.Range(start, 10).Select(async i =>
            {
                using var http = cluster[i % 3].CreateClient();
                using var response = await http.PostAsJsonAsync("/api/sessions", new { title = "s" + i });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
            });
            created.AddRange(await Task.WhenAll(batch));
        }

        var perNode = new int[3];
        for (var i = 0; i < 3; i++)
        {
            var held = (await cluster.StatusAsync(i)).GetProperty("sessions").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
            perNode[i] = created.Count(held.Contains);
        }

        output.WriteLine($"FIGURE spread: 300 sessions -> {string.Join(" / ", perNode)}");
        Assert.True(perNode.Sum() == 300, $"only {perNode.Sum()} of 300 sessions are held:\n{cluster.Problems()}");
        foreach (var count in perNode)
        {
            Assert.InRange(count, 80, 120);
        }
    }

    [Fact]
    public async Task Kill_9_of_the_owner_under_200_participants_resumes_everyone_on_one_other_node_without_loss_or_duplicates()
    {
        // Blobs on a directory every node shares (as S3 is in production); generations take ~2 s each.
        using var blobs = new TempDirectory("cluster-blobs");
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server, extraArgs:
        [
            "--Studio:Storage:Local:Root=" + blobs.Path,
            "--Studio:Images:Local:MedianLatency=00:00:02",
            "--Studio:Images:Local:Jitter=00:00:00",
        ]);
        await using var load = await ClusterLoad.StartAsync(cluster, participants: 200);
        var owner = await cluster.OwnerOfAsync(load.SessionId);
        Assert.True(owner >= 0);
        Assert.All(load.Participants, p => Assert.Equal(cluster[owner].Port, p.CurrentPort));
        var other = (owner + 1) % cluster.Count;

        // One generation finishes before the kill (its images must survive it) ...
        var finished = load.Participants[0];
        var viaOther = new SessionHttp(cluster[other].CreateClient());
        var finishedId = await GenerateAsync(viaOther, load.SessionId, finished, "before the kill");
        var storedBefore = await WaitStoredAsync(viaOther, load.SessionId, finished, finishedId, TimeSpan.FromSeconds(30));

        load.StartChat(senders: 20, TimeSpan.FromMilliseconds(500));
        await Task.Delay(1000);

        // ... and four are still running when the owner dies (requested through another node, forwarded to the owner).
        var runningAtKill = new List<(ResilientParticipant Who, string GenerationId)>();
        for (var i = 1; i <= 4; i++)
        {
            runningAtKill.Add((load.Participants[i], await GenerateAsync(viaOther, load.SessionId, load.Participants[i], "during the kill " + i)));
        }

        await Task.Delay(1000);
        var inFlight = load.Participants.Sum(p => p.PendingCount);
        var killedAt = Environment.TickCount64;
        await cluster.KillAsync(owner);

        await load.WaitAllConnectedAsync(TimeSpan.FromSeconds(40), sinceMs: killedAt);
        var resumeMs = load.Participants.Select(p => p.WelcomesAtMs.First(t => t >= killedAt) - killedAt).Order().ToList();
        await Task.Delay(1500);
        await load.StopChatAsync();
        await load.WaitPendingDrainedAsync(TimeSpan.FromSeconds(30));

        var newOwner = await cluster.OwnerOfAsync(load.SessionId);
        Assert.True(newOwner >= 0 && newOwner != owner, $"new owner {newOwner}");
        Assert.All(load.Participants, p => Assert.Equal(cluster[newOwner].Port, p.CurrentPort));
        load.AssertNoDuplicatesNorRefusals();
        var rows = await ClusterJournal.ReadAsync(cluster.ConnectionString, load.SessionId);
        ClusterJournal.AssertContiguous(rows);
        var acked = load.AllAcked();
        ClusterJournal.AssertAckedChatPresentOnce(rows, acked);
        Assert.True(acked.Count > 100, $"only {acked.Count} chat messages were acknowledged");

        // No generation stays queued or running on the new owner; images stored before the kill are all still there.
        var viaNewOwner = new SessionHttp(cluster[newOwner].CreateClient());
        var interrupted = 0;
        foreach (var (who, generationId) in runningAtKill)
        {
            var variants = await VariantsAsync(viaNewOwner, load.SessionId, who, generationId);
            interrupted += variants.Count(v => v.Status == "failed");
            Assert.All(variants, v => Assert.True(v.Status is "stored" or "failed", $"{generationId} variant {v.Index} is {v.Status} after the failover"));
            Assert.All(variants.Where(v => v.Status == "failed"), v => Assert.True(v.Retryable, $"{generationId} variant {v.Index} failed for good"));
        }

        // They were drawing (2 s each) when the owner died: the new owner failed them as retryable.
        Assert.True(interrupted > 0, "no variant was interrupted by the kill: the generations finished before it");
        Assert.Equal(storedBefore, (await VariantsAsync(viaNewOwner, load.SessionId, finished, finishedId)).Select(v => v.ImageId).ToList());
        foreach (var imageId in storedBefore)
        {
            using var image = await viaNewOwner.SendAsync(HttpMethod.Get, $"/api/images/{imageId}?variant=thumb", finished.Token);
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        }

        output.WriteLine($"FIGURE kill-9: lease {cluster.LeaseDuration.TotalSeconds} s, 200 participants, chat 40/s; " +
            $"resume after kill p50 {resumeMs[resumeMs.Count / 2]} ms, p95 {resumeMs[(int)(resumeMs.Count * 0.95)]} ms, max {resumeMs[^1]} ms; " +
            $"in flight at kill {inFlight}; acked {acked.Count}; journal {rows.Count} events; " +
            $"{runningAtKill.Count} generations running at the kill -> {interrupted} variants failed retryable, none left running; {storedBefore.Count} images stored before it all served after");
        // The issue's target is 10 s with a 3 s lease; asserted loosely so a loaded CI machine does not flake.
        Assert.True(resumeMs[^1] < 30_000, $"slowest resume {resumeMs[^1]} ms");
    }

    [Fact]
    public async Task Split_brain_old_owner_paused_past_its_lease_is_fenced_and_steps_down()
    {
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server);
        await using var load = await ClusterLoad.StartAsync(cluster, participants: 30);
        var owner = await cluster.OwnerOfAsync(load.SessionId);
        Assert.True(owner >= 0);

        // A plain client that stays on the old owner and speaks right after it wakes up.
        var stale = await ResilientParticipantTokens.JoinRawAsync(cluster[owner].BaseAddress, load.SessionId, load.CollaboratorCode);
        await using var staleSocket = await SessionSocketClient.ConnectAsync(stale.WsUrl, stale.Token);
        await staleSocket.WaitForAsync<Welcome>();

        load.StartChat(senders: 5, TimeSpan.FromMilliseconds(300));
        await Task.Delay(1000);
        var epochBefore = (await ClusterJournal.ReadAsync(cluster.ConnectionString, load.SessionId))[^1].Epoch;
        var pausedAt = Environment.TickCount64;
        cluster[owner].Signal(UnixSignal.Stop);
        await staleSocket.SendAsync(new PostChat("stale-1", "written by a paused owner?"));

        // The others notice, rejoin elsewhere, and a new owner takes the expired lease over.
        await Task.Delay(cluster.LeaseDuration + TimeSpan.FromSeconds(1));
        await load.WaitAllConnectedAsync(TimeSpan.FromSeconds(40), sinceMs: pausedAt);
        Assert.All(load.Participants, p => Assert.NotEqual(cluster[owner].Port, p.CurrentPort));
        var newOwnerPort = load.Participants[0].CurrentPort;
        await Task.Delay(1000);

        cluster[owner].Signal(UnixSignal.Cont);
        var (code, _) = await staleSocket.WaitClosedAsync(TimeSpan.FromSeconds(15));
        Assert.NotNull(code);
        // The paused owner's own write is refused (its epoch is older). If the command is acknowledged at all, it was
        // written under a lease taken after the pause (checked against the journal below), never under the old one.
        var staleAcked = staleSocket.Received.Any(m => m is Ack { CommandId: "stale-1" });

        // The old owner gave the session up.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        JsonElement status;
        while (true)
        {
            status = await cluster.StatusAsync(owner);
            if (!status.GetProperty("sessions").EnumerateArray().Any(e => e.GetString() == load.SessionId))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the old owner still holds the session");
            await Task.Delay(200);
        }

        var log = string.Join('\n', cluster[owner].StandardOutput);
        var fenced = log.Contains("StaleWriterEpoch", StringComparison.Ordinal) || log.Contains("writer epoch", StringComparison.Ordinal);
        var steppedDown = status.GetProperty("steppedDown").GetInt64() > 0;
        output.WriteLine($"FIGURE split-brain: old owner fenced write logged {fenced}, stepped down {steppedDown}");
        Assert.True(fenced || steppedDown, "the old owner neither had a write refused nor stepped down:\n" + cluster[owner].Describe());

        await Task.Delay(1000);
        await load.StopChatAsync();
        await load.WaitPendingDrainedAsync(TimeSpan.FromSeconds(30));
        Assert.All(load.Participants, p => Assert.Equal(newOwnerPort, p.CurrentPort));
        load.AssertNoDuplicatesNorRefusals();
        var rows = await ClusterJournal.ReadAsync(cluster.ConnectionString, load.SessionId);
        ClusterJournal.AssertContiguous(rows);
        ClusterJournal.AssertAckedChatPresentOnce(rows, load.AllAcked());
        Assert.True(rows[^1].Epoch > epochBefore, "the new owner writes with a higher epoch");
        Assert.DoesNotContain(rows, r => r.Event is ActorStudio.Actors.Sessions.Events.ChatMessagePosted { CommandId: "stale-1" } && r.Epoch <= epochBefore);
        if (staleAcked)
        {
            Assert.Single(rows, r => r.Event is ActorStudio.Actors.Sessions.Events.ChatMessagePosted { CommandId: "stale-1" } && r.Epoch > epochBefore);
        }

        output.WriteLine($"FIGURE split-brain: the stale command was {(staleAcked ? "acknowledged after a newer lease took it" : "never acknowledged")}");
    }

    [Fact]
    public async Task Rolling_restart_of_all_three_nodes_under_load_loses_nothing()
    {
        await using var cluster = await ClusterHarness.StartAsync(postgres.Server);
        await using var load = await ClusterLoad.StartAsync(cluster, participants: 60);
        load.StartChat(senders: 10, TimeSpan.FromMilliseconds(400));
        var stopTimes = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(1500);
            var started = Environment.TickCount64;
            var exit = await cluster.StopAsync(i, TimeSpan.FromSeconds(30));
            stopTimes.Add(Environment.TickCount64 - started);
            Assert.Equal(0, exit);
            await cluster.RestartAsync(i);
            await cluster.WaitAllRegisteredAsync();
        }

        await load.WaitAllConnectedAsync(TimeSpan.FromSeconds(40));
        await Task.Delay(1000);
        await load.StopChatAsync();
        await load.WaitPendingDrainedAsync(TimeSpan.FromSeconds(30));
        load.AssertNoDuplicatesNorRefusals();
        var rows = await ClusterJournal.ReadAsync(cluster.ConnectionString, load.SessionId);
        ClusterJournal.AssertContiguous(rows);
        var acked = load.AllAcked();
        ClusterJournal.AssertAckedChatPresentOnce(rows, acked);
        var owner = await cluster.OwnerOfAsync(load.SessionId);
        Assert.All(load.Participants, p => Assert.Equal(cluster[owner].Port, p.CurrentPort));

        var gaps = load.Participants.SelectMany(p => p.ReconnectGapsMs).Order().ToList();
        var worst = gaps.Count == 0 ? 0 : gaps[^1];
        output.WriteLine($"FIGURE rolling restart: SIGTERM to exit {string.Join(" / ", stopTimes)} ms; {gaps.Count} reconnects, " +
            $"gap p50 {(gaps.Count == 0 ? 0 : gaps[gaps.Count / 2])} ms, max {worst} ms; acked {acked.Count}; journal {rows.Count} events");
        Assert.True(worst < 10_000, $"a participant was disconnected for {worst} ms");
    }

    private static async Task<string> GenerateAsync(SessionHttp http, string sessionId, ResilientParticipant who, string prompt)
    {
        using var response = await http.SendAsync(HttpMethod.Post, $"/api/sessions/{sessionId}/generations", who.Token, new { prompt });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"generation answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("generationId").GetString()!;
    }

    private static async Task<List<(int Index, string Status, string? ImageId, bool Retryable)>> VariantsAsync(SessionHttp http, string sessionId, ResilientParticipant who, string generationId)
    {
        using var response = await http.SendAsync(HttpMethod.Get, $"/api/sessions/{sessionId}/library?limit=50", who.Token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"library answered {(int)response.StatusCode}: {body}");
        var generation = JsonDocument.Parse(body).RootElement.GetProperty("generations").EnumerateArray()
            .Single(g => g.GetProperty("generationId").GetString() == generationId);
        return generation.GetProperty("variants").EnumerateArray()
            .Select(v => (v.GetProperty("index").GetInt32(), v.GetProperty("status").GetString()!, v.GetProperty("imageId").GetString(), v.GetProperty("retryable").GetBoolean()))
            .ToList();
    }

    private static async Task<List<string?>> WaitStoredAsync(SessionHttp http, string sessionId, ResilientParticipant who, string generationId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var variants = await VariantsAsync(http, sessionId, who, generationId);
            if (variants.All(v => v.Status == "stored"))
            {
                return variants.Select(v => v.ImageId).ToList();
            }

            Assert.True(DateTime.UtcNow < deadline, $"{generationId} not stored in time: {string.Join(", ", variants.Select(v => v.Status))}");
            await Task.Delay(200);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterPostgres>
{
    public const string Name = "cluster";
}
