using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.TestSupport;
using Microsoft.Playwright;

namespace ActorStudio.Browser.Tests;

/// <summary>
/// The room page's live video in headless Chromium with fake camera/microphone. No LiveKit media server runs here, so
/// LIVEKIT_URL points at a closed loopback port: the host's page still opens the camera and microphone and shows its
/// local preview (and says the server is unreachable), a viewer's page offers no publish control and says live video
/// is unavailable. Without LiveKit settings both pages say live video is not configured and never touch the camera.
/// </summary>
public sealed class LiveVideoPageTests
{
    // Counts getUserMedia calls before any page script runs.
    private const string CountGetUserMedia =
        """
        (() => {
          window.__gum = 0;
          const md = navigator.mediaDevices;
          if (md && md.getUserMedia) {
            const original = md.getUserMedia.bind(md);
            md.getUserMedia = (constraints) => { window.__gum++; return original(constraints); };
          }
        })();
        """;

    [Fact]
    public async Task Host_previews_camera_and_microphone_and_viewer_has_no_publish_controls()
    {
        var closedPort = FreePort.Next();
        await using var server = await StudioServer.StartAsync(extraArgs:
        [
            "--LiveKit:Url", $"ws://127.0.0.1:{closedPort}",
            "--LiveKit:ApiKey", "APIbrowsertest",
            "--LiveKit:ApiSecret", "browser-test-secret-not-a-credential-0123456789",
        ]);
        var (sessionId, host, viewer) = await CreateAndJoinAsync(server);
        Assert.NotEqual(JsonValueKind.Null, host.GetProperty("livekit").ValueKind);

        await using var chromium = await ChromiumBrowser.LaunchAsync(fakeMedia: true);
        var hostPage = await OpenRoomAsync(chromium, server, sessionId, host, grantMedia: true);
        var viewerPage = await OpenRoomAsync(chromium, server, sessionId, viewer, grantMedia: true);

        // Host: camera and microphone requested, a live local video track in the preview, publish controls shown.
        await hostPage.WaitForFunctionAsync("() => window.__gum > 0", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        await hostPage.WaitForFunctionAsync(
            "() => { const v = document.getElementById('video-element'); return v && v.srcObject && v.srcObject.getVideoTracks().some(t => t.readyState === 'live'); }",
            null,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        var kinds = await hostPage.EvaluateAsync<string[]>("() => document.getElementById('video-element').srcObject.getTracks().map(t => t.kind)");
        Assert.Contains("video", kinds);
        foreach (var id in new[] { "#video-camera", "#video-mic", "#video-screen", "#video-end", "#video-record" })
        {
            Assert.True(await hostPage.Locator(id).IsVisibleAsync(), id + " should be visible to the host");
        }

        // No server to publish to: the page says so cleanly and keeps the preview.
        await hostPage.WaitForFunctionAsync("() => document.getElementById('video').dataset.state === 'preview-offline'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.Contains("unreachable", await hostPage.Locator("#video-status").InnerTextAsync(), StringComparison.Ordinal);

        // Viewer: no publish control of any kind, never asked for the camera, told live video is unavailable.
        await viewerPage.WaitForFunctionAsync("() => document.getElementById('video').dataset.state === 'error'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.Equal(0, await viewerPage.Locator("#video-controls").CountAsync());
        Assert.Equal(0, await viewerPage.Locator("#video-camera, #video-mic, #video-screen, #video-record, #video-go-live").CountAsync());
        Assert.Equal(0, await viewerPage.EvaluateAsync<int>("() => window.__gum"));
        Assert.Contains("unavailable", await viewerPage.Locator("#video-status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await viewerPage.Locator("#recording-badge").IsHiddenAsync());

        await ChromiumBrowser.ScreenshotAsync(hostPage, "live-video-host-preview");
        await ChromiumBrowser.ScreenshotAsync(viewerPage, "live-video-viewer-unavailable");
    }

    [Fact]
    public async Task Without_livekit_both_pages_say_live_video_is_not_configured()
    {
        await using var server = await StudioServer.StartAsync();
        var (sessionId, host, viewer) = await CreateAndJoinAsync(server);
        Assert.Equal(JsonValueKind.Null, host.GetProperty("livekit").ValueKind);

        await using var chromium = await ChromiumBrowser.LaunchAsync(fakeMedia: true);
        foreach (var (join, name) in new[] { (host, "host"), (viewer, "viewer") })
        {
            var page = await OpenRoomAsync(chromium, server, sessionId, join, grantMedia: true);
            await page.WaitForFunctionAsync("() => document.getElementById('video').dataset.state === 'not-configured'", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
            Assert.Equal("Live video is not configured", await page.Locator("#video-status").InnerTextAsync());
            Assert.Equal(0, await page.Locator("#video-controls").CountAsync());
            // Give the page a moment to do anything it might wrongly do with the camera, then check it did not.
            await page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected'", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
            Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__gum"));
            await ChromiumBrowser.ScreenshotAsync(page, $"live-video-not-configured-{name}");
        }
    }

    private static async Task<(string SessionId, JsonElement Host, JsonElement Viewer)> CreateAndJoinAsync(StudioServer server)
    {
        using var http = server.CreateClient();
        using var created = await http.PostAsJsonAsync("/api/sessions", new { title = "Live video" });
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("sessionId").GetString()!;
        var codes = session.GetProperty("codes");
        using var hostJoin = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code = codes.GetProperty("host").GetString(), displayName = "Hana Host" });
        using var viewerJoin = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code = codes.GetProperty("viewer").GetString(), displayName = "Vic Viewer" });
        Assert.True(hostJoin.IsSuccessStatusCode && viewerJoin.IsSuccessStatusCode);
        return (sessionId, await hostJoin.Content.ReadFromJsonAsync<JsonElement>(), await viewerJoin.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<IPage> OpenRoomAsync(ChromiumBrowser chromium, StudioServer server, string sessionId, JsonElement join, bool grantMedia)
    {
        var context = await chromium.NewContextAsync(server.BaseAddress, grantMedia);
        // The landing page would store the join result per tab; do the same before the room page loads.
        var stored = JsonSerializer.Serialize(join.GetRawText());
        await context.AddInitScriptAsync($"sessionStorage.setItem('actorstudio.session.{sessionId}', {stored});");
        await context.AddInitScriptAsync(CountGetUserMedia);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync($"/room.html?session={sessionId}");
        Assert.Equal(200, response!.Status);
        return page;
    }
}
