using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Node.Hosting;
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
        services.AddSingleton(sp => TokenKey.Load(settings.TokenKey, sp.GetRequiredService<StudioPaths>().DataDirectory));
        services.AddSingleton<AppTokenService>();
        services.AddSingleton<JoinAttemptLimiter>();
        foreach (var feature in SessionFeatures.Core())
        {
            services.AddSingleton(feature);
        }

        services.AddSingleton(sp => new SessionFeatureRegistry(sp.GetServices<ISessionFeature>()));
        services.TryAddSingleton(sp => ActorSystem.Create(
            "studio",
            new ActorSystemSettings { Persistence = sp.GetService<PersistenceSettings>() ?? PersistenceSettings.InMemory() },
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SessionGateway>();
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
