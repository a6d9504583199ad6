using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Analytics;

/// <summary>Registration of the analytics projection, its journal mappings, the recorder and the beacon limiter.</summary>
public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// Registers analytics. Needs an <c>IJournal</c> that also implements <c>IJournalFeed</c> (all of ours do);
    /// without one the figures stay empty and the node still runs.
    /// </summary>
    public static IServiceCollection AddStudioAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.SectionName));
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.SectionName))
            .PostConfigure(o => o.OperatorKey ??= configuration["STUDIO_OPERATOR_KEY"]);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AnalyticsProjection(sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var map = new AnalyticsEventMap().MapAnalyticsStreams();
            foreach (var contributor in sp.GetServices<AnalyticsMapContributor>())
            {
                contributor.Contribute(map, sp);
            }

            return map;
        });
        services.AddSingleton<AnalyticsJournalAccess>();
        services.AddSingleton<AnalyticsRecorder>();
        services.AddSingleton<BeaconRateLimiter>();
        services.AddSingleton<JoinFailureWriteBudget>();
        services.AddSingleton<OperatorAccess>();
        services.AddSingleton<AnalyticsProjectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<AnalyticsProjectionService>());
        return services;
    }

    /// <summary>Counts and records join outcomes; put it before the endpoints.</summary>
    public static IApplicationBuilder UseStudioJoinAnalytics(this IApplicationBuilder app) =>
        app.UseMiddleware<JoinOutcomeObserver>();

    /// <summary>
    /// Adds journal event types to the analytics table: the session and generation features call this with their
    /// own mappings, e.g. <c>services.AddAnalyticsMapping((map, sp) =&gt; map.Map("participant.joined", …))</c>.
    /// </summary>
    public static IServiceCollection AddAnalyticsMapping(this IServiceCollection services, Action<AnalyticsEventMap, IServiceProvider> contribute)
    {
        services.AddSingleton(new AnalyticsMapContributor(contribute));
        return services;
    }
}

/// <summary>One feature's lines of the analytics table.</summary>
public sealed class AnalyticsMapContributor(Action<AnalyticsEventMap, IServiceProvider> contribute)
{
    public void Contribute(AnalyticsEventMap map, IServiceProvider services) => contribute(map, services);
}
