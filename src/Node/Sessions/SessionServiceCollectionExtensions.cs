using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Node.Hosting;
using ActorStudio.Node.Persistence;
using ActorStudio.Node.Sessions.Http;
using ActorStudio.Node.Sessions.Security;
using ActorStudio.Node.Sessions.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActorStudio.Node.Sessions;

/// <summary>Live sessions in the node: services (<see cref="AddStudioSessions"/>) and endpoints (<see cref="MapStudioSessions"/>).</summary>
public static class SessionServiceCollectionExtensions
{
    public const string SectionName = "Sessions";

    /// <summary>
    /// Settings (section <c>Sessions</c>), access codes, app tokens, the join limiter, the session features and the
    /// shard region of session actors. Other features add their <see cref="ISessionFeature"/>s as singletons
    /// (<c>services.AddSingleton&lt;ISessionFeature, GenerationFeature&gt;()</c>) and every session runs them.
    /// </summary>
    public static WebApplicationBuilder AddStudioSessions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(SectionName).Get<SessionSettings>() ?? new SessionSettings();
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton<AccessCodes>();
        services.AddSingleton<AccessCodeVerifier>();
        services.AddSingleton(sp => TokenKey.Load(settings.TokenKey, sp.GetRequiredService<StudioPaths>().DataDirectory));
        services.AddSingleton<AppTokenService>();
        services.AddSingleton<JoinAttemptLimiter>();
        foreach (var feature in SessionFeatures.Core())
        {
            services.AddSingleton(feature);
        }

        services.AddSingleton(sp => new SessionFeatureRegistry(sp.GetServices<ISessionFeature>()));

        // The embedded journal unless the node was given another one (PostgreSQL in cluster mode).
        services.TryAddSingleton(sp => new EmbeddedSqlitePersistence(
            Path.Combine(sp.GetRequiredService<StudioPaths>().DataDirectory, "journal.db"),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IJournal>(sp => sp.GetRequiredService<EmbeddedSqlitePersistence>());
        services.TryAddSingleton<ISnapshotStore>(sp => sp.GetRequiredService<EmbeddedSqlitePersistence>());
        services.TryAddSingleton(sp => ActorSystem.Create(
            "studio",
            new ActorSystemSettings { Persistence = ResolvePersistence(sp) },
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionGateway>();
        services.AddSingleton<SocketOriginPolicy>();
        services.AddSingleton<NodeConnections>();
        services.AddReadinessCheck<JournalReadinessCheck>();

        // Session socket upgrades on plain HTTP/1.1 are taken before a request is made (SessionSocketConnectionHandler);
        // endpoint defaults run before any TLS of an endpoint, so encrypted connections pass through to the HTTP server.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            listen.Use(next => new SessionSocketConnectionHandler(next, listen.ApplicationServices).OnConnectedAsync)));
        return builder;
    }

    /// <summary>The journal the node registered (SQLite by default, PostgreSQL in a cluster); in memory only when none is.</summary>
    private static PersistenceSettings ResolvePersistence(IServiceProvider services)
    {
        if (services.GetService<PersistenceSettings>() is { } configured)
        {
            return configured;
        }

        if (services.GetService<IJournal>() is { } journal)
        {
            return new PersistenceSettings(journal, services.GetService<ISnapshotStore>() ?? new InMemorySnapshotStore(), new EventSerializerRegistry());
        }

        services.GetRequiredService<ILoggerFactory>().CreateLogger("ActorStudio.Sessions")
            .LogWarning("No journal is registered: sessions are kept in memory and lost on restart");
        return PersistenceSettings.InMemory();
    }

    /// <summary>
    /// Closes the sockets still open at SIGTERM with 4030. Registered after every feature that hands sessions off
    /// (the cluster's node), so it only closes what they left.
    /// </summary>
    public static WebApplicationBuilder AddStudioSocketShutdown(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<SessionSocketShutdown>();
        return builder;
    }

    public static WebApplication MapStudioSessions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.MapSessionApi();
        app.MapSessionSocket();
        return app;
    }
}
