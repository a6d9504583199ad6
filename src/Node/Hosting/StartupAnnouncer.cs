using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ActorStudio.Node.Hosting;

/// <summary>Says once, when Kestrel is listening, where to open the studio and where its files are.</summary>
public sealed class StartupAnnouncer(
    IServer server,
    IHostApplicationLifetime lifetime,
    StudioPaths paths,
    ILogger<StartupAnnouncer> logger) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        return Task.CompletedTask;
    }

    private void Announce()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses is { Count: > 0 } ? addresses.First() : StudioConfiguration.DefaultUrl;
        logger.LogInformation(
            "ActorStudio is ready: open {OpenUrl} (listening on {Urls}; data directory {DataDirectory})",
            first.TrimEnd('/') + "/", string.Join(", ", addresses ?? []), paths.DataDirectory);
        if (paths.WebRoot is null)
        {
            logger.LogWarning("No wwwroot found: the pages are not served (set Studio:WebRoot)");
        }

        if (paths.NodeModules is null)
        {
            logger.LogWarning("No node_modules found: /vendor/ browser modules are not served (run npm ci, or set Studio:NodeModules)");
        }
    }
}
