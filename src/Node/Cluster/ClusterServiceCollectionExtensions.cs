using ActorStudio.Actors.Runtime.Sharding;
using ActorStudio.Node.Hosting;

namespace ActorStudio.Node.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Cluster mode only (<see cref="StudioMode.Cluster"/>): node identity, registry and leases in PostgreSQL, the
    /// lease placement for the session shard region, routing (HTTP forwarding, socket Moved), the background node
    /// (heartbeat, renewal, step-down, SIGTERM hand-off) and its readiness check. Embedded mode adds nothing.
    /// </summary>
    public static WebApplicationBuilder AddStudioCluster(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (StudioModeConfiguration.Read(builder.Configuration) != StudioMode.Cluster)
        {
            return builder;
        }

        var options = builder.Configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.EffectiveRenewInterval >= options.LeaseDuration)
        {
            throw new InvalidOperationException("Studio:Cluster:LeaseDuration must be at least 1 s and longer than RenewInterval.");
        }

        var identity = NodeIdentity.FromOptions(options);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(identity);
        services.AddSingleton<ClusterState>();
        services.AddSingleton<ClusterDirectory>();
        services.AddSingleton<LeasePlacement>();
        services.AddSingleton<IShardPlacement>(sp => sp.GetRequiredService<LeasePlacement>());
        services.AddSingleton<SessionRouter>();
        services.AddSingleton(sp => new ClusterForwarder(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
            {
                Timeout = options.ForwardTimeout,
            },
            identity,
            sp.GetRequiredService<ClusterState>(),
            sp.GetRequiredService<ILogger<ClusterForwarder>>()));
        services.AddSingleton<ClusterNode>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterNode>());
        services.AddReadinessCheck<ClusterReadinessCheck>();

        // The host must give the hand-off its time before it stops waiting for hosted services.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.HandoffTimeout + TimeSpan.FromSeconds(5));
        return builder;
    }

    public static WebApplication MapStudioCluster(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<ClusterNode>() is null)
        {
            return app;
        }

        app.UseMiddleware<ClusterRoutingMiddleware>();
        app.MapClusterStatus();
        return app;
    }
}
