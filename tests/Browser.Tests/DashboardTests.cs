using System.Net.Http.Json;
using ActorStudio.LoadTester;
using ActorStudio.LoadTester.Cli;
using ActorStudio.TestSupport;
using Microsoft.Playwright;

namespace ActorStudio.Browser.Tests;

/// <summary>
/// The whole observability path on a real node: the load tester joins and chats through the real protocol, /metrics
/// moves, the analytics projection follows the journal, and the dashboard draws it in headless Chromium.
/// </summary>
public sealed class DashboardTests
{
    private const string OperatorKey = "dashboard-test-key-42";

    [Fact]
    public async Task After_a_load_tester_run_metrics_move_and_the_dashboard_shows_the_sessions()
    {
        await using var server = await StudioServer.StartAsync(extraArgs:
        [
            "--Studio:Dashboard:OperatorKey", OperatorKey,
            "--Studio:Dashboard:RefreshMilliseconds", "1000",
            "--Studio:Analytics:PollMilliseconds", "200",
            "--Studio:Analytics:BucketSeconds", "2",
        ]);
        using var http = server.CreateClient();
        var before = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));
        Assert.Empty(before.GetValueOrDefault("studio_joins_total")?.Samples ?? []);

        var exit = await LoadTestApp.RunAsync(
            new LoadTestOptions
            {
                Url = server.BaseAddress,
                Sessions = 3,
                Participants = 6,
                ChatRate = 4,
                GenerateRate = 0.3,
                FavoriteRate = 0.2,
                DurationSeconds = 6,
                DrainSeconds = 1,
                ChurnPerSecond = 0.5,
                Live = false,
            },
            CancellationToken.None);
        Assert.Equal(0, exit);
        // A few refused joins and page beacons so every panel has something to show.
        for (var i = 0; i < 2; i++)
        {
            await http.PostAsJsonAsync("/api/sessions/not-a-session/join", new { code = "x", displayName = "Nobody" });
        }

        await http.PostAsync("/api/beacon", new StringContent("{\"name\":\"view_room\"}"));

        var after = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));
        Assert.Equal(18, after["studio_joins_total"].Value("studio_joins_total", ("outcome", "ok")));
        Assert.Equal(2, after["studio_joins_total"].Value("studio_joins_total", ("outcome", "failed"), ("reason", "unknown_session")));
        var requests = after["http_server_request_duration_seconds"].Samples
            .Where(s => s.Name == "http_server_request_duration_seconds_count").Sum(s => s.Value);
        Assert.True(requests >= 18 + 3, $"{requests} HTTP requests counted");
        // Every participant's socket was counted, churned ones twice; each is closed now.
        Assert.True(after["studio_connections_opened_total"].Value("studio_connections_opened_total") >= 18);
        // Chat and joins went through the embedded SQLite journal, timed by MeteredJournal.
        Assert.True(after["studio_journal_append_duration_seconds"].Value("studio_journal_append_duration_seconds_count", ("backend", "sqlite")) >= 18 + 3);

        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var context = await chromium.NewContextAsync(server.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1400, 1000);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync("/dashboard");
        await page.Locator("#operator-key").FillAsync(OperatorKey);
        await page.Locator("#key-form button[type=submit]").ClickAsync();
        await page.Locator("#board").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });

        // Polling catches up with the journal: three sessions with six participants each, 18 of 20 joins accepted.
        await Assertions.Expect(page.Locator("#sessions tr")).ToHaveCountAsync(3, new LocatorAssertionsToHaveCountOptions { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#t-join")).ToHaveTextAsync("90.0%", new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#t-active")).ToHaveTextAsync("18");
        await Assertions.Expect(page.Locator("#join-failures")).ToContainTextAsync("unknown_session");
        // The run generated and starred: the generation panels have figures, not dashes.
        await Assertions.Expect(page.Locator("#t-gen")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)?%$"), new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#t-ttf")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"), new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
        Assert.Equal(4, await page.Locator("canvas").CountAsync()); // four uPlot charts
        Assert.Empty(errors);

        // Saved under artifacts/screenshots; the copy in docs/screenshots/dashboard.png was taken from this test.
        var shot = await ChromiumBrowser.ScreenshotAsync(page, "dashboard");
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
