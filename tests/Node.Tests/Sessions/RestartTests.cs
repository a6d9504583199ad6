using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>A node process stopped and started again on the same data directory loses nothing acknowledged.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Chat_is_persisted_and_replayed_after_a_node_restart_and_after_kill_9()
    {
        var node = await StudioProcess.StartAsync();
        try
        {
            var api = new SessionHttp(node.CreateClient());
            var session = await api.CreateAsync("Survives restarts");
            var host = await api.JoinAsync(session.SessionId, session.HostCode, "Host");
            var viewer = await api.JoinAsync(session.SessionId, session.ViewerCode, "Viewer");
            await using (var socket = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token))
            {
                await socket.WaitForAsync<Welcome>();
                await socket.SendAsync(new PostChat("one", "first message"));
                await socket.WaitForAsync<Ack>(a => a.CommandId == "one");
                await socket.SendAsync(new PostChat("two", "second message"));
                await socket.WaitForAsync<Ack>(a => a.CommandId == "two");
            }

            using (var posted = await api.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/chat", viewer.Token, new { text = "third, over http", commandId = "three" }))
            {
                Assert.Equal(System.Net.HttpStatusCode.Created, posted.StatusCode);
            }

            // Graceful restart (SIGTERM).
            var exit = await node.StopAsync(TimeSpan.FromSeconds(20));
            Assert.True(exit == 0, $"exit code {exit}\n{node.Describe()}");
            node = await node.RestartAsync();
            api = new SessionHttp(node.CreateClient());
            await AssertChatAsync(api, session.SessionId, viewer.Token, ["first message", "second message", "third, over http"]);

            // The same token still works on the new process (the key is kept in the data directory), and a
            // command resent after the restart is recognised by its id and not applied twice.
            await using (var socket = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token))
            {
                var welcome = await socket.WaitForAsync<Welcome>();
                Assert.NotNull(welcome.Snapshot);
                Assert.Equal(3, welcome.Snapshot.Chat.Count);
                await socket.SendAsync(new PostChat("two", "second message"));
                await socket.WaitForAsync<Ack>(a => a.CommandId == "two");
                await socket.SendAsync(new PostChat("four", "fourth, acked just before the crash"));
                await socket.WaitForAsync<Ack>(a => a.CommandId == "four");
            }

            // Crash restart (kill -9): what was acknowledged is there.
            await node.KillAsync();
            node = await node.RestartAsync();
            api = new SessionHttp(node.CreateClient());
            await AssertChatAsync(api, session.SessionId, viewer.Token, ["first message", "second message", "third, over http", "fourth, acked just before the crash"]);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static async Task AssertChatAsync(SessionHttp api, string sessionId, string token, string[] expected)
    {
        using var view = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{sessionId}", token);
        Assert.True(view.IsSuccessStatusCode, await view.Content.ReadAsStringAsync());
        var json = await view.Content.ReadFromJsonAsync<JsonElement>();
        var texts = json.GetProperty("chat").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToArray();
        Assert.Equal(expected, texts);
        Assert.Equal(2, json.GetProperty("participants").GetArrayLength());
    }
}
