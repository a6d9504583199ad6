using System.Net.Http.Json;
using System.Text.Json;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>A session with many resilient participants and a few of them chatting in the background.</summary>
internal sealed class ClusterLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopChat = new();
    private readonly List<Task> _chatters = [];

    private ClusterLoad(string sessionId, string collaboratorCode, List<ResilientParticipant> participants)
    {
        SessionId = sessionId;
        CollaboratorCode = collaboratorCode;
        Participants = participants;
    }

    public string SessionId { get; }

    public string CollaboratorCode { get; }

    public List<ResilientParticipant> Participants { get; }

    public static async Task<ClusterLoad> StartAsync(ClusterHarness cluster, int participants)
    {
        using var http = cluster[0].CreateClient();
        using var created = await http.PostAsJsonAsync("/api/sessions", new { title = "cluster load" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = json.GetProperty("sessionId").GetString()!;
        var codes = json.GetProperty("codes");
        IReadOnlyList<Uri> Nodes() => [.. cluster.RunningIndexes().Select(i => cluster[i].BaseAddress)];

        var joined = new List<ResilientParticipant>(participants);
        for (var start = 0; start < participants; start += 20)
        {
            var batch = new List<Task<ResilientParticipant>>();
            for (var i = start; i < Math.Min(participants, start + 20); i++)
            {
                var code = i == 0 ? codes.GetProperty("host").GetString()! : codes.GetProperty("collaborator").GetString()!;
                batch.Add(ResilientParticipant.JoinAsync(cluster[i % cluster.Count].BaseAddress, sessionId, code, "p" + i, Nodes));
            }

            joined.AddRange(await Task.WhenAll(batch));
        }

        foreach (var p in joined)
        {
            p.Start();
        }

        var load = new ClusterLoad(sessionId, codes.GetProperty("collaborator").GetString()!, joined);
        await load.WaitAllConnectedAsync(TimeSpan.FromSeconds(60));
        return load;
    }

    public async Task WaitAllConnectedAsync(TimeSpan timeout, long? sinceMs = null) =>
        await Task.WhenAll(Participants.Select(p => p.WaitConnectedAsync(timeout, sinceMs)));

    /// <summary>The first <paramref name="senders"/> participants each post a chat every <paramref name="period"/>.</summary>
    public void StartChat(int senders, TimeSpan period)
    {
        for (var i = 0; i < senders && i < Participants.Count; i++)
        {
            var p = Participants[i];
            var offset = TimeSpan.FromMilliseconds(period.TotalMilliseconds * i / senders);
            _chatters.Add(Task.Run(async () =>
            {
                await Task.Delay(offset, _stopChat.Token);
                var n = 0;
                while (!_stopChat.IsCancellationRequested)
                {
                    await p.SendChatAsync($"{p.ParticipantId} #{n++}");
                    await Task.Delay(period, _stopChat.Token);
                }
            }));
        }
    }

    public async Task StopChatAsync()
    {
        await _stopChat.CancelAsync();
        foreach (var chatter in _chatters)
        {
            try
            {
                await chatter;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Waits until no chat command is waiting for its answer (every one acked or refused).</summary>
    public async Task WaitPendingDrainedAsync(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Participants.Any(p => p.PendingCount > 0))
        {
            Assert.True(Environment.TickCount64 < deadline,
                $"chat still unanswered after {timeout}: {Participants.Sum(p => p.PendingCount)} commands");
            await Task.Delay(100);
        }
    }

    public Dictionary<string, long> AllAcked()
    {
        var all = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in Participants)
        {
            foreach (var (id, seq) in p.Acked)
            {
                all[id] = seq;
            }
        }

        return all;
    }

    public void AssertNoDuplicatesNorRefusals()
    {
        foreach (var p in Participants)
        {
            Assert.True(p.Duplicates.Count == 0, $"{p.ParticipantId} got chat twice: {string.Join(", ", p.Duplicates.Take(5))}");
            var refusals = p.Errors.Where(e => e.StartsWith("refused", StringComparison.Ordinal) || e.StartsWith("closed for good", StringComparison.Ordinal)).ToList();
            Assert.True(refusals.Count == 0, $"{p.ParticipantId}: {string.Join(" | ", refusals.Take(5))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopChatAsync();
        await Task.WhenAll(Participants.Select(p => p.DisposeAsync().AsTask()));
        _stopChat.Dispose();
    }
}
