using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>A dropped socket reconnects with its last seq and gets exactly what it missed.</summary>
public sealed class ResumeTests
{
    [Fact]
    public async Task Resume_after_a_dropped_socket_delivers_exactly_the_missed_events()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Sessions:ChatBurst=100"]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var talker = await api.JoinAsync(session.SessionId, session.HostCode, "Talker");
        var listener = await api.JoinAsync(session.SessionId, session.ViewerCode, "Listener");
        await using var talk = await SessionSocketClient.ConnectAsync(talker.WsUrl, talker.Token);
        await talk.WaitForAsync<Welcome>();

        var first = await SessionSocketClient.ConnectAsync(listener.WsUrl, listener.Token);
        await first.WaitForAsync<Welcome>();
        await talk.SendAsync(new PostChat("before", "seen live"));
        await first.WaitForAsync<ChatMessage>(m => m.CommandId == "before");
        var lastSeen = first.LastSeq!.Value;
        first.Abort();
        await first.DisposeAsync();

        var missed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            await talk.SendAsync(new PostChat($"missed-{i}", $"while you were away {i}"));
            missed.Add((await talk.WaitForAsync<Ack>(a => a.CommandId == $"missed-{i}")).Seq);
        }

        await using var second = await SessionSocketClient.ConnectAsync(listener.WsUrl, listener.Token, lastSeen);
        var welcome = await second.WaitForAsync<Welcome>();
        Assert.True(welcome.Resumed);
        Assert.Null(welcome.Snapshot);
        Assert.Equal(missed[^1], welcome.Seq);

        await talk.SendAsync(new PostChat("after", "back again"));
        await second.WaitForAsync<ChatMessage>(m => m.CommandId == "after");

        // Exactly the five missed messages, in order, once each, then the live one: nothing before lastSeen.
        var chats = second.Received.OfType<ChatMessage>().Select(m => m.CommandId).ToList();
        Assert.Equal(["missed-0", "missed-1", "missed-2", "missed-3", "missed-4", "after"], chats);
        Assert.Equal(missed, second.Received.OfType<ChatMessage>().Take(5).Select(m => m.Seq));
        Assert.All(second.Received.OfType<ServerEvent>().Where(e => e is ChatMessage), e => Assert.True(e.Seq > lastSeen));
    }

    [Fact]
    public async Task Too_far_behind_gets_a_fresh_snapshot_instead()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Sessions:ResumeBufferFrames=16", "--Sessions:ChatBurst=1000", "--Sessions:ChatPerSecond=1000"]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var talker = await api.JoinAsync(session.SessionId, session.HostCode, "Talker");
        var listener = await api.JoinAsync(session.SessionId, session.ViewerCode, "Listener");
        await using var talk = await SessionSocketClient.ConnectAsync(talker.WsUrl, talker.Token);
        await talk.WaitForAsync<Welcome>();
        long lastSeen;
        await using (var first = await SessionSocketClient.ConnectAsync(listener.WsUrl, listener.Token))
        {
            lastSeen = (await first.WaitForAsync<Welcome>()).Seq;
        }

        for (var i = 0; i < 40; i++)
        {
            await talk.SendAsync(new PostChat($"m{i}", $"message {i}"));
        }

        await talk.WaitForAsync<Ack>(a => a.CommandId == "m39");
        await using var second = await SessionSocketClient.ConnectAsync(listener.WsUrl, listener.Token, lastSeen);
        var welcome = await second.WaitForAsync<Welcome>();
        Assert.False(welcome.Resumed);
        Assert.NotNull(welcome.Snapshot);
        Assert.Equal(40, welcome.Snapshot.Chat.Count);
        Assert.Equal("message 39", welcome.Snapshot.Chat[^1].Text);
    }
}
