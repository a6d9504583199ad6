using ActorStudio.TestSupport;
using Microsoft.Playwright;

namespace ActorStudio.Browser.Tests.Sessions;

/// <summary>Two real browsers in one session: presence, chat both ways, chat kept across a refresh.</summary>
public sealed class RoomPageTests
{
    private static readonly LocatorWaitForOptions Wait = new() { Timeout = 15_000 };

    [Fact]
    public async Task Two_browsers_see_each_other_exchange_chat_and_keep_it_after_a_refresh()
    {
        await using var server = await StudioServer.StartAsync();
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var hostContext = await chromium.NewContextAsync(server.BaseAddress);
        await using var guestContext = await chromium.NewContextAsync(server.BaseAddress);
        var host = await hostContext.NewPageAsync();
        var guest = await guestContext.NewPageAsync();
        var problems = new List<string>();
        foreach (var page in new[] { host, guest })
        {
            page.PageError += (_, error) => problems.Add("page error: " + error);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    problems.Add("console: " + message.Text);
                }
            };
        }

        // The host creates the session on the landing page and sees the invite link and three codes.
        await host.GotoAsync("/");
        await host.FillAsync("#create-title-input", "Studio class");
        await host.FillAsync("#create-name-input", "Ms. Rivera");
        await host.ClickAsync("#create-form button[type=submit]");
        await host.Locator("#created").WaitForAsync(Wait);
        var invite = (await host.TextContentAsync("#invite-url"))!;
        var collaboratorCode = (await host.TextContentAsync("#code-collaborator"))!;
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", collaboratorCode);
        await ChromiumBrowser.ScreenshotAsync(host, "landing-created");
        CopyToDocs("landing-created");
        await host.ClickAsync("#enter-as-host");
        await host.WaitForURLAsync("**/room.html?session=*");
        await host.Locator("#connection-state.conn-connected").WaitForAsync(Wait);

        // The guest follows the invite link: the session is pre-filled, name and code are typed.
        await guest.GotoAsync(invite);
        Assert.Equal(new Uri(invite).Query.Split('=')[1], await guest.InputValueAsync("#join-session-input"));
        await guest.FillAsync("#join-name-input", "Sam <b>bold</b>");
        await guest.FillAsync("#join-code-input", collaboratorCode.ToLowerInvariant());
        await guest.ClickAsync("#join-form button[type=submit]");
        await guest.WaitForURLAsync("**/room.html?session=*");
        await guest.Locator("#connection-state.conn-connected").WaitForAsync(Wait);

        // Each sees the other in the participant list, with role badges.
        await host.Locator("#participants li", new() { HasText = "Sam <b>bold</b>" }).WaitForAsync(Wait);
        await guest.Locator("#participants li", new() { HasText = "Ms. Rivera" }).WaitForAsync(Wait);
        Assert.Equal("collaborator", await host.Locator("#participants li", new() { HasText = "Sam" }).Locator(".badge").TextContentAsync());
        Assert.Equal(0, await host.Locator("#participants b").CountAsync());

        // Chat both ways; Enter sends; text stays text.
        await host.FillAsync("#chat-input", "Welcome, everyone!");
        await host.PressAsync("#chat-input", "Enter");
        await guest.Locator("#chat-log li:not(.pending) .chat-text", new() { HasText = "Welcome, everyone!" }).WaitForAsync(Wait);
        await guest.FillAsync("#chat-input", "Hi! <img src=x onerror=alert(1)>");
        await guest.PressAsync("#chat-input", "Enter");
        await host.Locator("#chat-log .chat-text", new() { HasText = "<img src=x onerror=alert(1)>" }).WaitForAsync(Wait);
        Assert.Equal(0, await host.Locator("#chat-log img").CountAsync());
        await guest.Locator("#chat-log li:not(.pending) .chat-text", new() { HasText = "Hi!" }).WaitForAsync(Wait);

        // The host sees a remove button on messages; the guest does not.
        Assert.True(await host.Locator("#chat-log .chat-remove").CountAsync() >= 2);
        Assert.Equal(0, await guest.Locator("#chat-log .chat-remove").CountAsync());
        await host.Locator("#participants li").Nth(1).WaitForAsync(Wait);
        await ChromiumBrowser.ScreenshotAsync(host, "room-host");
        CopyToDocs("room-host");

        // A refresh restores the session (token in sessionStorage) and the chat.
        await guest.ReloadAsync();
        await guest.Locator("#connection-state.conn-connected").WaitForAsync(Wait);
        await guest.Locator("#chat-log .chat-text", new() { HasText = "Welcome, everyone!" }).WaitForAsync(Wait);
        await guest.Locator("#chat-log .chat-text", new() { HasText = "<img src=x onerror=alert(1)>" }).WaitForAsync(Wait);
        Assert.Equal(2, await guest.Locator("#chat-log li").CountAsync());
        Assert.Equal(2, await guest.Locator("#participants li").CountAsync());
        await ChromiumBrowser.ScreenshotAsync(guest, "room-guest-after-refresh");

        // Moderation: only the host has participant-remove and end-session controls. Removing the guest closes
        // their page for good and takes them off the host's list; ending the session tells the host's page too.
        Assert.Equal(0, await guest.Locator("#participants .participant-remove").CountAsync());
        Assert.False(await guest.Locator("#end-session").IsVisibleAsync());
        host.Dialog += (_, dialog) => dialog.AcceptAsync();
        await host.Locator("#participants li", new() { HasText = "Sam" }).Locator(".participant-remove").ClickAsync();
        await guest.Locator("#chat-error", new() { HasText = "You were removed from this session." }).WaitForAsync(Wait);
        Assert.True(await guest.Locator("#chat-input").IsDisabledAsync());
        await host.Locator("#participants li", new() { HasText = "Sam" }).WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached, Timeout = Wait.Timeout });
        await host.Locator("#chat-log .chat-text", new() { HasText = "was removed by Ms. Rivera" }).WaitForAsync(Wait);
        await host.ClickAsync("#end-session");
        await host.Locator("#chat-error", new() { HasText = "The host ended this session." }).WaitForAsync(Wait);

        Assert.Empty(problems);
    }

    /// <summary>The README shows the latest screenshots from this test.</summary>
    private static void CopyToDocs(string name)
    {
        var target = Path.Combine(TestPaths.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(ChromiumBrowser.ScreenshotDirectory, name + ".png"), Path.Combine(target, name + ".png"), overwrite: true);
    }
}
