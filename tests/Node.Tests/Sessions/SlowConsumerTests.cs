using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>A client that stops reading is disconnected with the documented reason; the others get everything.</summary>
public sealed class SlowConsumerTests
{
    [Fact]
    public async Task A_slow_consumer_is_disconnected_and_the_others_receive_every_message_in_order()
    {
        await using var server = await StudioServer.StartAsync(extraArgs:
        [
            "--Sessions:OutboundSoftLimit=8", "--Sessions:OutboundHardLimit=64", "--Sessions:OutboundHardLimitBytes=1048576",
            "--Sessions:ChatBurst=100000", "--Sessions:ChatPerSecond=100000",
            "--Sessions:FramesPerSecond=100000", "--Sessions:FrameBurst=100000",
        ]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var talker = await api.JoinAsync(session.SessionId, session.HostCode, "Talker");
        await using var talk = await SessionSocketClient.ConnectAsync(talker.WsUrl, talker.Token);
        await talk.WaitForAsync<Welcome>();

        var fast = new List<SessionSocketClient>();
        for (var i = 0; i < 3; i++)
        {
            var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, $"Fast {i}");
            var client = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token);
            await client.WaitForAsync<Welcome>();
            fast.Add(client);
        }

        var slowJoin = await api.JoinAsync(session.SessionId, session.ViewerCode, "Slow");
        await using var slow = await SessionSocketClient.ConnectAsync(slowJoin.WsUrl, slowJoin.Token, readPaused: true, receiveBufferBytes: 4096);

        // Big messages fill the slow client's TCP window quickly; its server-side queue then passes the hard limit.
        const int count = 4000;
        var text = new string('z', 1900);
        for (var i = 0; i < count; i++)
        {
            await talk.SendAsync(new PostChat($"c{i}", text));
            if (i % 100 == 99)
            {
                // Like a real client, the talker lets acks catch up now and then: only the reader that stopped lags.
                await talk.WaitForAsync<Ack>(a => a.CommandId == $"c{i}", TimeSpan.FromSeconds(30));
            }
        }

        foreach (var client in fast)
        {
            await client.WaitForAsync<ChatMessage>(m => m.CommandId == $"c{count - 1}", TimeSpan.FromSeconds(60));
            var ids = client.Received.OfType<ChatMessage>().Select(m => m.CommandId).ToList();
            Assert.Equal(Enumerable.Range(0, count).Select(i => $"c{i}"), ids);
            Assert.DoesNotContain(client.Received, m => m is Error);
        }

        // The server gave up on the slow one while the others were served. Now it reads what the kernel kept for it:
        // some messages, then the close that says why (a peer that never reads again is simply dropped).
        slow.StartReading();
        var (code, reason) = await slow.WaitClosedAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CloseCodes.SlowConsumer, code);
        Assert.Contains("slow consumer", reason, StringComparison.Ordinal);
        Assert.True(slow.Received.OfType<ChatMessage>().Count() < count);

        foreach (var client in fast)
        {
            await client.DisposeAsync();
        }
    }
}
