using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.TestSupport;

namespace ActorStudio.Browser.Tests.Sessions;

/// <summary>
/// A real browser's session socket upgrade — whatever headers Chromium sends (extensions offer, cache headers, cookies,
/// Origin) — is taken at the connection level: its 101 has no Server header (ASP.NET's has <c>Server: Kestrel</c>).
/// The headers come from the DevTools protocol, as the browser saw them on the wire.
/// </summary>
public sealed class BrowserSocketUpgradeTests
{
    [Fact]
    public async Task Chromiums_upgrade_is_taken_at_the_connection_level_and_the_socket_works()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();
        using var created = await http.PostAsJsonAsync("/api/sessions", new { title = "upgrade" });
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("sessionId").GetString()!;
        using var joinResponse = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code = session.GetProperty("codes").GetProperty("viewer").GetString(), displayName = "Chromium" });
        var joined = await joinResponse.Content.ReadFromJsonAsync<JsonElement>();

        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var context = await chromium.NewContextAsync(server.BaseAddress);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        var handshake = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("Network.webSocketHandshakeResponseReceived").OnEvent += (_, e) => handshake.TrySetResult(e!.Value.Clone());
        await cdp.SendAsync("Network.enable");
        await page.GotoAsync("/healthz");

        // The page speaks just enough of the protocol itself: Hello as MessagePack, then waits for a Welcome (type 64).
        var firstType = await page.EvaluateAsync<int>(
            """
            async ([url, token]) => {
              const utf8 = new TextEncoder().encode(token);
              const hello = new Uint8Array([0x94, 0x01, 0x01, 0xda, utf8.length >> 8, utf8.length & 0xff, ...utf8, 0xc0]);
              const ws = new WebSocket(url);
              ws.binaryType = "arraybuffer";
              const first = await new Promise((resolve, reject) => {
                ws.onopen = () => ws.send(hello);
                ws.onmessage = (e) => resolve(new Uint8Array(e.data));
                ws.onerror = () => reject(new Error("socket error"));
                setTimeout(() => reject(new Error("no message in 10 s")), 10000);
              });
              ws.close(1000);
              // [64, ...] is a fixarray header then 0x40.
              return first[1];
            }
            """,
            new[] { joined.GetProperty("wsUrl").GetString()!, joined.GetProperty("token").GetString()! });

        Assert.Equal(64, firstType);
        var response = (await handshake.Task.WaitAsync(TimeSpan.FromSeconds(10))).GetProperty("response");
        Assert.Equal(101, response.GetProperty("status").GetInt32());
        var headers = response.GetProperty("headers").EnumerateObject().Select(h => h.Name.ToLowerInvariant()).ToList();
        Assert.Contains("sec-websocket-accept", headers);
        Assert.DoesNotContain("server", headers);
    }
}
