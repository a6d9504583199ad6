using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.TestSupport;
using Microsoft.Playwright;

namespace ActorStudio.Browser.Tests;

/// <summary>Two people in headless Chromium: each makes four private images; one stars an image; the other sees it shared.</summary>
public sealed class GenerationBrowserTests
{
    [Fact]
    public async Task Two_browsers_generate_privately_and_a_starred_image_reaches_the_other_through_the_stream()
    {
        await using var server = await StudioServer.StartAsync(extraArgs:
        [
            "--Studio:Images:Local:MedianLatency=00:00:00.400",
            "--Studio:Images:Local:Jitter=00:00:00.300",
        ]);
        using var http = server.CreateClient();
        using var created = await http.PostAsJsonAsync("/api/sessions", new { title = "Painting class" });
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("sessionId").GetString()!;
        var codes = session.GetProperty("codes");
        var ann = await JoinAsync(http, sessionId, codes.GetProperty("host").GetString()!, "Ann");
        var bob = await JoinAsync(http, sessionId, codes.GetProperty("collaborator").GetString()!, "Bob");

        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var problems = new List<string>();
        var annPage = await OpenRoomAsync(chromium, server, sessionId, ann, problems);
        var bobPage = await OpenRoomAsync(chromium, server, sessionId, bob, problems);

        await annPage.Locator("#prompt").FillAsync("a lighthouse on a cliff at dusk");
        await annPage.Locator("#size").SelectOptionAsync("16:9");
        await annPage.Locator("#generate").ClickAsync();
        await bobPage.Locator("#prompt").FillAsync("a bowl of ramen, watercolor");
        await bobPage.Locator("#prompt").PressAsync("Control+Enter");

        // Four skeletons each, filled one by one; every picture actually decodes in the browser.
        await WaitForFourImagesAsync(annPage);
        await WaitForFourImagesAsync(bobPage);
        Assert.Equal(4, await annPage.Locator(".variant").CountAsync());
        Assert.Equal(4, await bobPage.Locator(".variant").CountAsync());

        // Private: neither page shows the other's prompt, and Bob's ticket cannot read Ann's image.
        Assert.DoesNotContain("ramen", await annPage.Locator("#generations").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("lighthouse", await bobPage.Locator("#generations").InnerTextAsync(), StringComparison.Ordinal);
        var annImageSrc = await annPage.Locator(".variant img").First.GetAttributeAsync("src");
        var annImageId = annImageSrc!.Split('/')[3].Split('?')[0];
        var before = problems.Count;
        var bobStatus = await bobPage.EvaluateAsync<int>(
            "async (id) => { const img = document.querySelector('.variant img'); const ticket = new URL(img.src).searchParams.get('ticket'); return (await fetch(`/api/images/${id}?variant=thumb&ticket=${encodeURIComponent(ticket)}`)).status; }",
            annImageId);
        Assert.Equal(404, bobStatus);

        // That refusal was the point: drop its own 404 noise (and only it) from the page problems.
        await bobPage.WaitForTimeoutAsync(200);
        problems.RemoveRange(before, problems.Count - before);
        Assert.Equal(0, await bobPage.Locator("#stream .stream-item").CountAsync());

        // Ann stars her first image; it appears in Bob's shared stream with her name and loads for him.
        await annPage.Locator($".variant:has(img[src*='{annImageId}']) .star").ClickAsync();
        var shared = bobPage.Locator("#stream .stream-item");
        await shared.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal("Ann", await shared.First.Locator(".owner-tag").InnerTextAsync());
        await bobPage.WaitForFunctionAsync("() => { const i = document.querySelector('#stream .stream-item img'); return i && i.complete && i.naturalWidth > 0; }", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.Contains(annImageId, await shared.First.Locator("img").GetAttributeAsync("src") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("★", await annPage.Locator($".variant:has(img[src*='{annImageId}']) .star").InnerTextAsync());
        Assert.Equal(1, await annPage.Locator("#stream .stream-item").CountAsync());

        Assert.Empty(problems);
        var path = Path.Combine(TestPaths.RepositoryRoot, "docs", "screenshots", "generation.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Tall enough that the video area, the prompt bar, Bob's four images and the rail all fit in one picture.
        await bobPage.SetViewportSizeAsync(1280, 1280);
        await bobPage.WaitForFunctionAsync("() => [...document.querySelectorAll('img')].every(i => !i.src || (i.complete && i.naturalWidth > 0))");
        await bobPage.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000);
    }

    private static async Task WaitForFourImagesAsync(IPage page) =>
        await page.WaitForFunctionAsync(
            "() => { const imgs = [...document.querySelectorAll('.variant[data-status=stored] img')]; return imgs.length === 4 && imgs.every(i => i.complete && i.naturalWidth > 0); }",
            null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });

    private static async Task<JsonElement> JoinAsync(HttpClient http, string sessionId, string code, string name)
    {
        using var response = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code, displayName = name });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<IPage> OpenRoomAsync(ChromiumBrowser chromium, StudioServer server, string sessionId, JsonElement join, List<string> problems)
    {
        var context = await chromium.NewContextAsync(server.BaseAddress);
        // What the landing page stores after a join: the room reads it from sessionStorage.
        await context.AddInitScriptAsync($"sessionStorage.setItem({JsonSerializer.Serialize("actorstudio.session." + sessionId)}, {JsonSerializer.Serialize(join.GetRawText())});");
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"HTTP {response.Status} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        await page.GotoAsync($"/room.html?session={sessionId}");
        try
        {
            await page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected' && document.body.dataset.generationReady === 'true'", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException ex)
        {
            var state = await page.EvaluateAsync<string>("() => JSON.stringify(document.body.dataset) + ' ' + location.href");
            throw new TimeoutException($"The room did not get ready ({state}); problems: {string.Join(" | ", problems)}", ex);
        }

        return page;
    }
}
