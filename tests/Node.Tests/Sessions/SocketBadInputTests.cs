using System.Net.WebSockets;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>Bad input on the socket gets its error or close code, and the session goes on for everyone else.</summary>
public sealed class SocketBadInputTests
{
    [Fact]
    public async Task Bad_frames_get_error_frames_and_the_socket_and_session_go_on()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var bad = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bad");
        var good = await api.JoinAsync(session.SessionId, session.ViewerCode, "Good");
        await using var badClient = await SessionSocketClient.ConnectAsync(bad.WsUrl, bad.Token);
        await using var goodClient = await SessionSocketClient.ConnectAsync(good.WsUrl, good.Token);
        // Neither is the host, and the host has not joined yet: the snapshot says so with a nil host id.
        var badWelcome = await badClient.WaitForAsync<Welcome>();
        Assert.Null(badWelcome.Snapshot!.Session.HostParticipantId);
        await goodClient.WaitForAsync<Welcome>();

        // Oversized frame (70 KB > 64 KB limit).
        await badClient.SendRawAsync(new byte[70 * 1024]);
        Assert.Equal(ErrorCodes.FrameTooLarge, (await badClient.WaitForAsync<Error>()).Code);

        // Not MessagePack at all, a text frame, an unknown type, and wrong field types.
        await badClient.SendRawAsync(new byte[] { 0xc1, 0x00 });
        Assert.Equal(ErrorCodes.BadFrame, (await badClient.WaitForAsync<Error>()).Code);
        await badClient.SendRawAsync("hello"u8.ToArray(), WebSocketMessageType.Text);
        Assert.Equal(ErrorCodes.BadFrame, (await badClient.WaitForAsync<Error>()).Code);
        await badClient.SendRawAsync(new byte[] { 0x92, 0x63, 0xa1, 0x78 }); // [99, "x"]
        Assert.Equal(ErrorCodes.UnknownMessage, (await badClient.WaitForAsync<Error>()).Code);
        await badClient.SendRawAsync(new byte[] { 0x93, 0x03, 0x7b, 0xc3 }); // [3 PostChat, 123, true]
        var wrongTypes = await badClient.WaitForAsync<Error>();
        Assert.Contains(wrongTypes.Code, new[] { ErrorCodes.BadFrame, ErrorCodes.InvalidInput });

        // A 10,000-character chat message and one made of control characters are refused by the session.
        await badClient.SendAsync(new PostChat("long", new string('x', 10_000)));
        Assert.Equal(ErrorCodes.InvalidInput, (await badClient.WaitForAsync<Error>(e => e.CommandId == "long")).Code);
        await badClient.SendAsync(new PostChat("ctrl", "\u0000\u0001\u0002\u200b"));
        Assert.Equal(ErrorCodes.InvalidInput, (await badClient.WaitForAsync<Error>(e => e.CommandId == "ctrl")).Code);

        // A second hello is refused too.
        await badClient.SendAsync(new Hello(ProtocolVersion.Current, bad.Token, null));
        Assert.Equal(ErrorCodes.BadFrame, (await badClient.WaitForAsync<Error>()).Code);

        // After all that, the same socket still works, and everyone else sees its message.
        await badClient.SendAsync(new PostChat("fine", "still here \u0007with a bell"));
        await badClient.WaitForAsync<Ack>(a => a.CommandId == "fine");
        var seen = await goodClient.WaitForAsync<ChatMessage>(m => m.CommandId == "fine");
        Assert.Equal("still here with a bell", seen.Text);
        Assert.DoesNotContain(goodClient.Received, m => m is Error);
    }

    [Fact]
    public async Task A_flood_of_frames_is_rate_limited_then_closed_while_the_session_goes_on()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var flooder = await api.JoinAsync(session.SessionId, session.ViewerCode, "Flooder");
        var other = await api.JoinAsync(session.SessionId, session.HostCode, "Host");
        await using var flood = await SessionSocketClient.ConnectAsync(flooder.WsUrl, flooder.Token);
        await using var host = await SessionSocketClient.ConnectAsync(other.WsUrl, other.Token);
        await flood.WaitForAsync<Welcome>();
        await host.WaitForAsync<Welcome>();

        for (var i = 0; i < 400 && !flood.Closed.IsCompleted; i++)
        {
            try
            {
                await flood.SendAsync(new SetTyping(i % 2 == 0));
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server closed or stopped reading: the flood is over.
                break;
            }
        }

        var (code, reason) = await flood.WaitClosedAsync();
        Assert.Equal(CloseCodes.ProtocolError, code);
        Assert.Contains("flood", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(flood.Received, m => m is Error { Code: ErrorCodes.RateLimited });

        await host.SendAsync(new PostChat("after-flood", "the show goes on"));
        await host.WaitForAsync<Ack>(a => a.CommandId == "after-flood");
    }

    [Fact]
    public async Task Handshake_failures_close_with_their_documented_codes()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Sessions:HandshakeTimeout=00:00:01"]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, "Vee");
        var other = await api.CreateAsync();
        var foreign = await api.JoinAsync(other.SessionId, other.ViewerCode, "Foreign");

        await using (var forged = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token[..^3] + "abc"))
        {
            Assert.Equal(CloseCodes.AuthFailed, (await forged.WaitClosedAsync()).Code);
            Assert.Equal(ErrorCodes.Unauthorized, Assert.IsType<Error>(Assert.Single(forged.Received)).Code);
        }

        await using (var wrongSession = await SessionSocketClient.ConnectAsync(joined.WsUrl, foreign.Token))
        {
            Assert.Equal(CloseCodes.AuthFailed, (await wrongSession.WaitClosedAsync()).Code);
        }

        await using (var oldClient = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token, hello: false))
        {
            await oldClient.SendAsync(new Hello(99, joined.Token, null));
            Assert.Equal(CloseCodes.UnsupportedVersion, (await oldClient.WaitClosedAsync()).Code);
        }

        await using (var noHello = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token, hello: false))
        {
            await noHello.SendAsync(new PostChat("x", "hi"));
            Assert.Equal(CloseCodes.ProtocolError, (await noHello.WaitClosedAsync()).Code);
            Assert.Equal(ErrorCodes.HandshakeRequired, Assert.IsType<Error>(Assert.Single(noHello.Received)).Code);
        }

        await using (var silent = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token, hello: false))
        {
            Assert.Equal(CloseCodes.HandshakeTimeout, (await silent.WaitClosedAsync()).Code);
        }

        // The real token still works after all of that.
        await using var real = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token);
        Assert.False((await real.WaitForAsync<Welcome>()).Resumed);
    }

    [Fact]
    public async Task An_expired_token_closes_with_token_expired()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Sessions:TokenLifetime=00:00:01"]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, "Late");
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        await using var client = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token);
        Assert.Equal(CloseCodes.TokenExpired, (await client.WaitClosedAsync()).Code);

        using var view = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", joined.Token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, view.StatusCode);
        Assert.Equal("token_expired", (await SessionHttp.ProblemAsync(view)).GetProperty("code").GetString());

        // Rejoining with the expired token and the code restores the same participant with a fresh token.
        var again = await api.JoinAsync(session.SessionId, session.ViewerCode, "Late", bearer: joined.Token);
        Assert.Equal(joined.ParticipantId, again.ParticipantId);
    }
}
