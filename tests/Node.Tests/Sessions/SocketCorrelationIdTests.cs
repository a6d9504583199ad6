using System.Net.WebSockets;
using ActorStudio.Node.Observability;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>
/// docs/operations.md, "Correlation ids": every WebSocket gets a correlation id, returned in its 101 and kept as a
/// logging scope while the socket runs — on the connection-level path as on ASP.NET's.
/// </summary>
public sealed class SocketCorrelationIdTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_101_carries_the_correlation_id_kept_minted_or_replaced(bool connectionLevel)
    {
        await using var server = await StudioServer.StartAsync(extraArgs: [$"--Studio:ConnectionLevelSockets={connectionLevel}"]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, "Viewer");

        Assert.Equal("lb-7f3a.42", (await UpgradeAsync(server, joined, "X-Correlation-Id: lb-7f3a.42\r\n")).Header(CorrelationIdMiddleware.HeaderName));
        Assert.Matches("^[0-9a-f]{24}$", (await UpgradeAsync(server, joined, null)).Header(CorrelationIdMiddleware.HeaderName));
        Assert.Matches("^[0-9a-f]{24}$", (await UpgradeAsync(server, joined, "X-Correlation-Id: x\" injected=1\r\n")).Header(CorrelationIdMiddleware.HeaderName));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_log_line_written_while_the_socket_runs_carries_its_correlation_id(bool connectionLevel)
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await StudioServer.StartAsync(
            extraArgs: [$"--Studio:ConnectionLevelSockets={connectionLevel}"],
            configureServices: builder => builder.Logging.AddProvider(logs));
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, "Flooder");

        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
        await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, joined.WsUrl.PathAndQuery, RawHttpConnection.NewKey(), "X-Correlation-Id: flood-1\r\n"));
        Assert.Equal(101, (await raw.ReadResponseAsync()).Status);
        using var socket = raw.AsWebSocket();
        await RawHttpConnection.SendCommandAsync(socket, new Hello(ProtocolVersion.Current, joined.Token, null));
        await RawHttpConnection.ReceiveAsync<Welcome>(socket);

        // A flood makes the socket log a warning (and close 4004) while it runs.
        for (var i = 0; i < 400 && socket.State == WebSocketState.Open; i++)
        {
            try
            {
                await RawHttpConnection.SendCommandAsync(socket, new SetTyping(i % 2 == 0));
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                break;
            }
        }

        // Read to the end: the close (4004), or a reset when the server dropped the connection under the flood.
        try
        {
            await RawHttpConnection.ReceiveAsync<Moved>(socket);
        }
        catch (Exception ex) when (ex is InvalidOperationException or WebSocketException or IOException)
        {
        }

        // The server logs the warning on its read loop, which may run a moment after the close frame went out.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!logs.Logs.Any(IsFloodWarning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var warning = Assert.Single(logs.Logs, IsFloodWarning);
        Assert.Contains(new KeyValuePair<string, object?>("CorrelationId", "flood-1"), warning.Scopes);
    }

    private static bool IsFloodWarning(CapturedLog log) => log.Message.Contains("flooding socket", StringComparison.Ordinal);

    private static async Task<RawResponse> UpgradeAsync(StudioServer server, Joined joined, string? extraHeaders)
    {
        await using var raw = await RawHttpConnection.OpenAsync(server.BaseAddress);
        await raw.SendAsync(RawHttpConnection.UpgradeHead(server.BaseAddress, joined.WsUrl.PathAndQuery, RawHttpConnection.NewKey(), extraHeaders));
        var response = await raw.ReadResponseAsync();
        Assert.True(response.Status == 101, response.Head);
        return response;
    }
}
