using System.Net;
using System.Net.WebSockets;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

public sealed class SocketOriginTests
{
    [Fact]
    public async Task With_allowed_origins_set_a_foreign_page_gets_403_and_listed_same_host_and_originless_clients_connect()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Studio:AllowedOrigins:0=https://class.example.org/"]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, "Vee");
        var wsUrl = joined.WsUrl;

        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(wsUrl, "https://evil.example.com"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(wsUrl, "https://class.example.org"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(wsUrl, $"http://{server.BaseAddress.Authority}"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(wsUrl, origin: null));
    }

    [Fact]
    public async Task Without_allowed_origins_any_origin_may_connect_because_the_token_not_a_cookie_authenticates()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, "Vee");

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(joined.WsUrl, "https://elsewhere.example.net"));
    }

    private static async Task<HttpStatusCode> UpgradeAsync(Uri wsUrl, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        try
        {
            await socket.ConnectAsync(wsUrl, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        var status = socket.HttpStatusCode;
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return status;
    }
}
