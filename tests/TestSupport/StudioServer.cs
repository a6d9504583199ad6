using ActorStudio.Node.Hosting;
using Microsoft.AspNetCore.Builder;

namespace ActorStudio.TestSupport;

/// <summary>
/// The real node in this test process: Kestrel on 127.0.0.1 with an OS-chosen port and its own temp data directory,
/// built by the same <see cref="StudioHost.Build"/> as production. Dispose stops it and deletes the data directory.
/// </summary>
public sealed class StudioServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory? _ownedDataDirectory;

    private StudioServer(WebApplication app, Uri baseAddress, string dataDirectory, TempDirectory? ownedDataDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _ownedDataDirectory = ownedDataDirectory;
    }

    /// <summary>For example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="dataDirectory">Reuse a directory (to restart on the same data); null for a fresh temp one.</param>
    /// <param name="extraArgs">More command-line arguments, e.g. <c>--Studio:ReadinessTimeout=00:00:01</c>.</param>
    /// <param name="configureServices">Runs after the node registered its services (add or replace some).</param>
    /// <param name="configureEndpoints">Runs after the node mapped its endpoints.</param>
    public static async Task<StudioServer> StartAsync(
        string? dataDirectory = null,
        IEnumerable<string>? extraArgs = null,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configureEndpoints = null,
        CancellationToken cancellationToken = default)
    {
        var owned = dataDirectory is null ? new TempDirectory("studio-data") : null;
        var dataDir = dataDirectory ?? owned!.Path;
        // Quiet by default: test output stays readable and hundreds of servers do not flood it. extraArgs can raise it.
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--Studio:LogFormat", "simple",
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning",
        };
        if (extraArgs is not null)
        {
            args.AddRange(extraArgs);
        }

        var app = StudioHost.Build([.. args], configureServices, configureEndpoints);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            owned?.Dispose();
            throw;
        }

        // After start, Urls holds the address Kestrel actually bound (port 0 resolved).
        var address = app.Urls.First();
        return new StudioServer(app, new Uri(address.TrimEnd('/') + "/"), dataDir, owned);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The ws:// address of <paramref name="path"/> on this server.</summary>
    public Uri WebSocketUri(string path) =>
        new UriBuilder(new Uri(BaseAddress, path)) { Scheme = "ws" }.Uri;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _ownedDataDirectory?.Dispose();
        }
    }
}
