using Microsoft.Playwright;

namespace ActorStudio.TestSupport;

/// <summary>
/// Debian's headless Chromium driven by Playwright (offline: Playwright's own browser builds cannot be downloaded here).
/// Each <see cref="NewContextAsync"/> is a fresh profile (cookies, storage), i.e. a separate "person".
/// Fails with a clear message when <c>/usr/bin/chromium</c> is missing: scripts/test.sh installs it.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] BaseArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private static readonly string[] FakeMediaArgs = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where tests put screenshots: <c>artifacts/screenshots</c> under the repository (git-ignored).</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var dir = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <param name="fakeMedia">Adds Chromium's fake camera and microphone and auto-accepts the permission prompt.</param>
    public static async Task<ChromiumBrowser> LaunchAsync(bool fakeMedia = false)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: install Debian's chromium (`apt-get install -y chromium`; scripts/test.sh does it).");
        }

        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = fakeMedia ? [.. BaseArgs, .. FakeMediaArgs] : BaseArgs,
                Timeout = 90_000,
            }).ConfigureAwait(false);
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh profile; <paramref name="baseAddress"/> lets pages use relative URLs.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri? baseAddress = null, bool grantMedia = false) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress?.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Permissions = grantMedia ? ["camera", "microphone"] : null,
        });

    /// <summary>Saves a full-page PNG under <see cref="ScreenshotDirectory"/> and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(ScreenshotDirectory, name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? name : name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true }).ConfigureAwait(false);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync().ConfigureAwait(false);
        _playwright.Dispose();
    }
}
