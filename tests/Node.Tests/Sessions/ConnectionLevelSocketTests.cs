using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActorStudio.Node.Sessions;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>
/// Session sockets taken at Kestrel's connection level, against a real node over loopback: raw upgrades (whole, in
/// pieces, with the first frame right behind the head), other HTTP traffic on the same connections left alone,
/// near-miss upgrades falling through to ASP.NET, the ASP.NET path when the feature is off, an independent client
/// (node's <c>ws</c>), and the order of data and control frames when a socket is closed by the session.
/// A connection-level 101 carries no Server header; ASP.NET's has <c>Server: Kestrel</c>.
/// </summary>
public sealed class ConnectionLevelSocketTests
{
    private static readonly TimeSpan PiecePause = TimeSpan.FromMilliseconds(50);

    private static string AcceptFor(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

    private static async Task<(StudioServer Server, Joined Joined)> StartWithParticipantAsync(IEnumerable<string>? args = null)
    {
        var server = await StudioServer.StartAsync(extraArgs: args);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        return (server, await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Raw"));
    }

    private static void AssertConnectionLevel101(RawResponse response, string key)
    {
        Assert.True(response.Status == 101, response.Head);
        Assert.Equal(AcceptFor(key), response.Header("Sec-WebSocket-Accept"));
        Assert.Equal("websocket", response.Header("Upgrade"), ignoreCase: true);
        Assert.False(response.Has("Server"), "a connection-level 101 has no Server header: " + response.Head);
        Assert.False(response.Has("Date"), response.Head);
    }

    [Fact]
    public async Task A_raw_upgrade_is_answered_at_the_connection_level_and_the_socket_speaks_the_protocol()
    {
        var (server, joined) = await StartWithParticipantAsync();
        await using var _ = server;
        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
        var key = RawHttpConnection.NewKey();

        await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, joined.WsUrl.PathAndQuery, key));

        AssertConnectionLevel101(await raw.ReadResponseAsync(), key);
        using var socket = raw.AsWebSocket();
        await RawHttpConnection.SendCommandAsync(socket, new Hello(ProtocolVersion.Current, joined.Token, null));
        var welcome = await RawHttpConnection.ReceiveAsync<Welcome>(socket);
        Assert.Equal(joined.ParticipantId, welcome.Me.ParticipantId);
        await RawHttpConnection.SendCommandAsync(socket, new PostChat("raw-1", "over a raw upgrade"));
        Assert.Equal("raw-1", (await RawHttpConnection.ReceiveAsync<Ack>(socket)).CommandId);
    }

    [Fact]
    public async Task A_head_sent_in_three_pieces_is_still_upgraded_at_the_connection_level()
    {
        var (server, joined) = await StartWithParticipantAsync();
        await using var _ = server;
        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
        var key = RawHttpConnection.NewKey();
        var head = RawHttpConnection.UpgradeHead(server.BaseAddress, joined.WsUrl.PathAndQuery, key);

        // Cut inside the request prefix and inside the key; the last piece holds the final CRLF CRLF.
        await raw.SendInPiecesAsync(head, PiecePause, 10, head.IndexOf("Sec-WebSocket-Key", StringComparison.Ordinal) + 22);

        AssertConnectionLevel101(await raw.ReadResponseAsync(), key);
        using var socket = raw.AsWebSocket();
        await RawHttpConnection.SendCommandAsync(socket, new Hello(ProtocolVersion.Current, joined.Token, null));
        Assert.Equal(joined.ParticipantId, (await RawHttpConnection.ReceiveAsync<Welcome>(socket)).Me.ParticipantId);
    }

    [Fact]
    public async Task A_first_frame_sent_right_behind_the_head_is_not_lost()
    {
        var (server, joined) = await StartWithParticipantAsync();
        await using var _ = server;
        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
        var key = RawHttpConnection.NewKey();

        // Head and a masked Hello frame in one write: the upgrade must take exactly the head and leave the frame.
        var hello = new System.Buffers.ArrayBufferWriter<byte>();
        ActorStudio.Protocol.Frames.FrameWriter.WriteClientCommand(hello, new Hello(ProtocolVersion.Current, joined.Token, null));
        var head = Encoding.ASCII.GetBytes(RawHttpConnection.UpgradeHead(server.BaseAddress, joined.WsUrl.PathAndQuery, key));
        byte[] both = [.. head, .. MaskedBinaryFrame(hello.WrittenSpan)];
        await raw.SendAsync(both);

        AssertConnectionLevel101(await raw.ReadResponseAsync(), key);
        using var socket = raw.AsWebSocket();
        Assert.Equal(joined.ParticipantId, (await RawHttpConnection.ReceiveAsync<Welcome>(socket)).Me.ParticipantId);
    }

    [Fact]
    public async Task Plain_http_on_the_same_connection_is_left_to_the_http_server_whole_or_in_pieces()
    {
        await using var server = await StudioServer.StartAsync();
        var host = server.BaseAddress.Authority;

        await using (var raw = await RawHttpConnection.OpenAsync(server.BaseAddress))
        {
            await raw.SendAsync($"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
            var first = await raw.ReadResponseAsync();
            Assert.Equal(200, first.Status);
            Assert.Equal("ok", JsonDocument.Parse(first.Body).RootElement.GetProperty("status").GetString());
            Assert.Equal("Kestrel", first.Header("Server"));

            // A keep-alive second request on the same connection, now one under the socket's path prefix.
            await raw.SendAsync($"GET /api/sessions/nope/ws HTTP/1.1\r\nHost: {host}\r\n\r\n");
            var second = await raw.ReadResponseAsync();
            Assert.Equal(400, second.Status);
            Assert.Equal("WebSocket upgrade expected.", second.Body);

            await raw.SendAsync($"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
            Assert.Equal(200, (await raw.ReadResponseAsync()).Status);
        }

        // In pieces: "GET /" could still become an upgrade, so the handler waits for more, then must let go.
        foreach (var (request, cut, status) in new[]
        {
            ($"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n", 5, 200),
            ($"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n", 30, 200),
            ($"GET /api/sessions/nope/ws HTTP/1.1\r\nHost: {host}\r\n\r\n", 22, 400),
        })
        {
            await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
            await raw.SendInPiecesAsync(request, PiecePause, cut);
            var response = await raw.ReadResponseAsync();
            Assert.True(response.Status == status, $"{request[..20]} cut at {cut}: {response.Head}");

            await raw.SendAsync($"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
            Assert.Equal(200, (await raw.ReadResponseAsync()).Status);
        }
    }

    [Fact]
    public async Task Requests_with_bare_LF_line_ends_under_the_socket_path_are_answered_by_the_http_server_at_once()
    {
        // Kestrel accepts LF-only line ends (RFC 9112 §2.2 allows it); the connection handler must not hold such a
        // request waiting for a CRLF CRLF that never comes (its head timeout is 30 s, longer than this read waits).
        var (server, joined) = await StartWithParticipantAsync();
        await using var _ = server;
        var host = server.BaseAddress.Authority;

        await using (var raw = await RawHttpConnection.OpenAsync(server.BaseAddress))
        {
            await raw.SendAsync($"GET /api/sessions/{joined.SessionId}/ws HTTP/1.1\nHost: {host}\n\n");
            var response = await raw.ReadResponseAsync();
            Assert.Equal(400, response.Status);
            Assert.Equal("WebSocket upgrade expected.", response.Body);
        }

        await using (var raw = await RawHttpConnection.OpenAsync(server.BaseAddress))
        {
            var key = RawHttpConnection.NewKey();
            await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, joined.WsUrl.PathAndQuery, key).Replace("\r\n", "\n", StringComparison.Ordinal));
            var response = await raw.ReadResponseAsync();
            Assert.True(response.Status == 101, response.Head);
            Assert.Equal("Kestrel", response.Header("Server")); // upgraded by ASP.NET, not here
            Assert.Equal(AcceptFor(key), response.Header("Sec-WebSocket-Accept"));
        }
    }

    [Fact]
    public async Task An_upgrade_without_a_key_falls_through_to_aspnet_and_gets_400()
    {
        await using var server = await StudioServer.StartAsync();
        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);

        await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, "/api/sessions/x/ws", key: null));

        var response = await raw.ReadResponseAsync();
        Assert.True(response.Status == 400, response.Head);
        Assert.Equal("Kestrel", response.Header("Server"));
        Assert.Equal("WebSocket upgrade expected.", response.Body);
    }

    [Fact]
    public async Task With_connection_level_sockets_off_aspnet_upgrades_and_the_protocol_works()
    {
        var (server, joined) = await StartWithParticipantAsync(["--Studio:ConnectionLevelSockets=false"]);
        await using var _ = server;

        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        await client.ConnectAsync(joined.WsUrl, CancellationToken.None);

        Assert.Equal(System.Net.HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);
        Assert.Equal("Kestrel", Assert.Single(client.HttpResponseHeaders!["Server"]));
        await RawHttpConnection.SendCommandAsync(client, new Hello(ProtocolVersion.Current, joined.Token, null));
        Assert.Equal(joined.ParticipantId, (await RawHttpConnection.ReceiveAsync<Welcome>(client)).Me.ParticipantId);

        // A raw upgrade goes the ASP.NET way too.
        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
        await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, joined.WsUrl.PathAndQuery, RawHttpConnection.NewKey()));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(101, response.Status);
        Assert.Equal("Kestrel", response.Header("Server"));
    }

    [Fact]
    public async Task With_connection_level_sockets_on_a_client_websocket_gets_a_101_without_server_header()
    {
        var (server, joined) = await StartWithParticipantAsync();
        await using var _ = server;

        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        await client.ConnectAsync(joined.WsUrl, CancellationToken.None);

        Assert.Equal(System.Net.HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);
        Assert.False(client.HttpResponseHeaders!.ContainsKey("Server"));
        await RawHttpConnection.SendCommandAsync(client, new Hello(ProtocolVersion.Current, joined.Token, null));
        Assert.Equal(joined.ParticipantId, (await RawHttpConnection.ReceiveAsync<Welcome>(client)).Me.ParticipantId);
    }

    [Fact]
    public async Task The_node_ws_client_talks_to_the_connection_level_socket_without_a_protocol_error()
    {
        await using var server = await StudioServer.StartAsync();

        var run = await NodeScript.RunAsync("tests/js/ws-session-client.mjs", server.BaseAddress.ToString(), TimeSpan.FromSeconds(60));

        var result = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.True(result.GetProperty("errors").GetArrayLength() == 0, run.StandardOutput);
        Assert.False(result.GetProperty("serverHeader").ValueKind == JsonValueKind.String, "the upgrade took the ASP.NET path: " + run.StandardOutput);
        Assert.Equal(1, result.GetProperty("welcomeProtocolVersion").GetInt32());
        Assert.Equal(result.GetProperty("participantId").GetString(), result.GetProperty("welcomeMe").GetString());
        Assert.Equal("hello from ws", result.GetProperty("chatText").GetString());
        Assert.True(result.GetProperty("chatAckSeq").GetInt64() > 0, run.StandardOutput);
        Assert.Equal("ping-payload", result.GetProperty("pong").GetString());
        Assert.Equal("fragmented message", result.GetProperty("fragmentedChatText").GetString());
        Assert.Equal("frag-1", result.GetProperty("fragmentedAck").GetString());
        Assert.Equal(1000, result.GetProperty("closeCode").GetInt32());
        Assert.Equal(string.Empty, result.GetProperty("extensions").GetString());
    }

    [Fact]
    public async Task The_servers_keep_alive_ping_reaches_the_node_ws_client_and_the_socket_goes_on()
    {
        // The server's WebSocket pings every 20 s from its own timer; on this path that write goes through the pump.
        await using var server = await StudioServer.StartAsync();

        var run = await NodeScript.RunAsync("tests/js/ws-session-client.mjs", server.BaseAddress.ToString(), TimeSpan.FromSeconds(90), ["keepalive"]);

        var result = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.True(result.GetProperty("errors").GetArrayLength() == 0, run.StandardOutput);
        Assert.True(result.GetProperty("serverPingBytes").GetInt32() >= 0, "no keep-alive ping within 30 s: " + run.StandardOutput);
        Assert.Equal("hello from ws", result.GetProperty("chatText").GetString());
        Assert.Equal("frag-1", result.GetProperty("fragmentedAck").GetString());
        Assert.Equal(1000, result.GetProperty("closeCode").GetInt32());
    }

    [Fact]
    public async Task A_kicked_participant_gets_what_was_queued_before_the_close_frame_with_the_kick_code()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var host = await api.JoinAsync(session.SessionId, session.HostCode, "Hana Host");
        var troll = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Troll");
        await using var hostClient = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await hostClient.WaitForAsync<Welcome>();

        // The troll on a raw connection-level socket, read frame by frame so the close is seen where it arrives.
        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
        var key = RawHttpConnection.NewKey();
        await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, troll.WsUrl.PathAndQuery, key));
        AssertConnectionLevel101(await raw.ReadResponseAsync(), key);
        using var socket = raw.AsWebSocket();
        await RawHttpConnection.SendCommandAsync(socket, new Hello(ProtocolVersion.Current, troll.Token, null));
        await RawHttpConnection.ReceiveAsync<Welcome>(socket);

        // Queued for the troll, then the kick in the same session turn order: a refused command's Error, a chat line.
        await RawHttpConnection.SendCommandAsync(socket, new EndSession("not-yours"));
        await RawHttpConnection.SendCommandAsync(socket, new PostChat("last-words", "bye"));
        await hostClient.WaitForAsync<ChatMessage>(m => m.CommandId == "last-words");
        await hostClient.SendAsync(new RemoveContent("kick", ModerationTarget.Participant, troll.ParticipantId));
        await hostClient.WaitForAsync<Ack>(a => a.CommandId == "kick");

        var seen = new List<ServerMessage>();
        var close = await Assert.ThrowsAsync<InvalidOperationException>(() => RawHttpConnection.ReceiveAsync<Moved>(socket, seen));

        Assert.Equal((WebSocketCloseStatus)CloseCodes.Kicked, socket.CloseStatus);
        Assert.Contains("Hana Host", socket.CloseStatusDescription);
        var order = seen.Select(m => m switch
        {
            Error e => "error:" + e.CommandId,
            Ack a => "ack:" + a.CommandId,
            ChatMessage { Kind: ChatMessageKind.System } c when c.Text.Contains("removed", StringComparison.Ordinal) => "removed-note",
            ChatMessage c => "chat:" + c.CommandId,
            _ => null,
        }).Where(s => s is not null).ToList();
        Assert.Contains("error:not-yours", order);
        Assert.Contains("ack:last-words", order);
        Assert.Equal("removed-note", order[^1]); // the same turn as the kick, written before its close frame
        Assert.Contains("Hana Host", close.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the same promise on ASP.NET's path (WebSocketOutboundPump)
    public async Task A_kicked_participant_with_a_backlog_gets_all_of_it_then_the_close_frame(bool connectionLevel)
    {
        await using var troll = await KickedTrollWithBacklog.StartAsync(connectionLevel);

        // The close frame may only come after everything queued before it.
        var seen = new List<ServerMessage>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => RawHttpConnection.ReceiveAsync<Moved>(troll.Socket, seen));
        Assert.Equal((WebSocketCloseStatus)CloseCodes.Kicked, troll.Socket.CloseStatus);
        var chats = seen.OfType<ChatMessage>().ToList();
        Assert.Equal(Enumerable.Range(0, troll.Posted).Select(i => $"c{i}"), chats.Where(c => c.Kind != ChatMessageKind.System).Select(c => c.CommandId));
        Assert.Contains("was removed by Hana Host", chats[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kicked_participant_reading_slowly_through_a_small_window_still_gets_its_backlog_and_the_close_frame()
    {
        await using var troll = await KickedTrollWithBacklog.StartAsync(connectionLevel: true);

        // A reader that takes a message every 250 ms drains the kernel's buffers and the queue over more than the 5 s
        // the server allows a socket that takes nothing: it keeps making progress, so it is not cut off.
        var buffer = new byte[64 * 1024];
        var messages = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var result = await troll.Socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            if (result.EndOfMessage)
            {
                messages++;
                await Task.Delay(250);
            }
        }

        Assert.Equal((WebSocketCloseStatus)CloseCodes.Kicked, troll.Socket.CloseStatus);
        Assert.True(started.Elapsed > TimeSpan.FromSeconds(5), $"drained in {started.Elapsed} ({messages} messages): the reader was not slow enough to test anything");
    }

    /// <summary>
    /// A troll on a raw socket with a 16 KiB receive window who stopped reading, the host posting until frames wait
    /// in the troll's queue on the server (how much that takes depends on the kernel's buffer tuning: measured, not
    /// assumed), then the host kicking the troll. Limits are high enough that only the kick may close the socket.
    /// </summary>
    private sealed class KickedTrollWithBacklog : IAsyncDisposable
    {
        private StudioServer? server;
        private SessionSocketClient? host;
        private RawHttpConnection? raw;

        public WebSocket Socket { get; private set; } = null!;

        /// <summary>Chat lines posted before the kick, command ids c0…c(n−1).</summary>
        public int Posted { get; private set; }

        public static async Task<KickedTrollWithBacklog> StartAsync(bool connectionLevel)
        {
            var troll = new KickedTrollWithBacklog();
            try
            {
                await troll.SetUpAsync(connectionLevel);
                return troll;
            }
            catch
            {
                await troll.DisposeAsync();
                throw;
            }
        }

        private async Task SetUpAsync(bool connectionLevel)
        {
            server = await StudioServer.StartAsync(
                extraArgs:
                [
                    "--Sessions:OutboundHardLimit=100000", "--Sessions:OutboundHardLimitBytes=268435456",
                    "--Sessions:ChatBurst=100000", "--Sessions:ChatPerSecond=100000",
                    "--Sessions:FramesPerSecond=100000", "--Sessions:FrameBurst=100000",
                    $"--Studio:ConnectionLevelSockets={connectionLevel}",
                ]);
            var api = new SessionHttp(server.CreateClient());
            var session = await api.CreateAsync();
            var hostTicket = await api.JoinAsync(session.SessionId, session.HostCode, "Hana Host");
            var trollTicket = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Troll");
            host = await SessionSocketClient.ConnectAsync(hostTicket.WsUrl, hostTicket.Token);
            await host.WaitForAsync<Welcome>();

            raw = await RawHttpConnection.OpenAsync(server.BaseAddress, receiveBufferBytes: 16384);
            var key = RawHttpConnection.NewKey();
            await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, trollTicket.WsUrl.PathAndQuery, key));
            var upgrade = await raw.ReadResponseAsync();
            if (connectionLevel)
            {
                AssertConnectionLevel101(upgrade, key);
            }
            else
            {
                Assert.Equal("Kestrel", upgrade.Header("Server"));
            }

            Socket = raw.AsWebSocket();
            await RawHttpConnection.SendCommandAsync(Socket, new Hello(ProtocolVersion.Current, trollTicket.Token, null));
            await RawHttpConnection.ReceiveAsync<Welcome>(Socket);

            var connections = server.Services.GetRequiredService<NodeConnections>();
            var trollConnection = Assert.Single(connections.ForSession(session.SessionId), c => c.ParticipantId == trollTicket.ParticipantId);
            var text = new string('z', 1900);
            while (trollConnection.QueuedFrames < 20)
            {
                Assert.True(Posted < 20_000, $"no backlog after {Posted} messages: the test would prove nothing");
                for (var i = 0; i < 50; i++, Posted++)
                {
                    await host.SendAsync(new PostChat($"c{Posted}", text));
                }

                await host.WaitForAsync<Ack>(a => a.CommandId == $"c{Posted - 1}", TimeSpan.FromSeconds(30));
            }

            await host.SendAsync(new RemoveContent("kick", ModerationTarget.Participant, trollTicket.ParticipantId));
            await host.WaitForAsync<Ack>(a => a.CommandId == "kick");
        }

        public async ValueTask DisposeAsync()
        {
            Socket?.Dispose();
            if (raw is not null)
            {
                await raw.DisposeAsync();
            }

            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>A final binary client frame, masked as RFC 6455 requires of a client.</summary>
    private static byte[] MaskedBinaryFrame(ReadOnlySpan<byte> payload)
    {
        var header = payload.Length < 126 ? new byte[] { 0x82, (byte)(0x80 | payload.Length) } : [0x82, 0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length];
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[header.Length + 4 + payload.Length];
        header.CopyTo(frame, 0);
        mask.CopyTo(frame, header.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header.Length + 4 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        return frame;
    }
}
