using ActorStudio.TestSupport;
using Microsoft.Playwright;

namespace ActorStudio.Browser.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task The_landing_page_loads_its_npm_modules_in_headless_chromium()
    {
        await using var server = await StudioServer.StartAsync();
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var context = await chromium.NewContextAsync(server.BaseAddress);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text} at {message.Location}");
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.RequestFailed += (_, request) => problems.Add("request failed: " + request.Url);

        var response = await page.GotoAsync("/");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);

        // The landing page is the real one (create/join); its modules load through the import map without errors.
        await page.Locator("#create-form").WaitForAsync(new LocatorWaitForOptions { Timeout = 45_000 });
        var roundTrip = await page.EvaluateAsync<int>(
            "async () => { const m = await import('@msgpack/msgpack'); return m.decode(m.encode({ n: 42 })).n; }");
        Assert.Equal(42, roundTrip);
        Assert.Empty(problems);

        var screenshot = await ChromiumBrowser.ScreenshotAsync(page, "landing-smoke");
        Assert.True(new FileInfo(screenshot).Length > 1000);
    }

    [Fact]
    public async Task Livekit_client_and_uplot_import_as_es_modules_in_the_browser()
    {
        await using var server = await StudioServer.StartAsync();
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var context = await chromium.NewContextAsync(server.BaseAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        // Dynamic imports resolve through the page's import map, exactly as the room and dashboard pages will.
        var exports = await page.EvaluateAsync<string[]>(
            """
            async () => {
              const lk = await import('livekit-client');
              const uplot = await import('uplot');
              return [typeof lk.Room, typeof uplot.default];
            }
            """);

        Assert.Equal(["function", "function"], exports);
    }
}
