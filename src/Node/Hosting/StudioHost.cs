using ActorStudio.Node.Analytics;
using ActorStudio.Node.Observability;
using ActorStudio.Node.Generation;
using ActorStudio.Node.Cluster;
using ActorStudio.Node.Persistence;
using ActorStudio.Node.Sessions;
using ActorStudio.Node.Sessions.LiveVideo;

namespace ActorStudio.Node.Hosting;

/// <summary>
/// The node's composition root, shared by <c>Program</c> and the in-process test server so both run the same wiring.
/// Features plug in here: services in <see cref="AddFeatures"/>, endpoints in <see cref="MapFeatures"/>.
/// </summary>
public static class StudioHost
{
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--data-dir</c>, <c>--Studio:*</c>...).</param>
    /// <param name="configureServices">Test hook, runs after the features registered theirs (may replace them).</param>
    /// <param name="configureEndpoints">Test hook, runs after the features mapped theirs.</param>
    public static WebApplication Build(
        string[] args,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configureEndpoints = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships beside the binaries; relative paths (data dir) still follow the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddStudioHosting(args);
        AddFeatures(builder);
        configureServices?.Invoke(builder);

        var app = builder.Build();
        // The client's address from a trusted proxy's X-Forwarded-For, before anything reads it (rate limits, logs).
        app.UseForwardedHeaders();
        // First, so every later log line (errors included) carries the request's correlation id.
        app.UseStudioCorrelationIds();
        app.UseStudioHosting();
        app.MapStudioHealth();
        MapFeatures(app);
        configureEndpoints?.Invoke(app);
        return app;
    }

    /// <summary>Feature modules register their services here (journal, storage, images, sessions, LiveKit...).</summary>
    private static void AddFeatures(WebApplicationBuilder builder)
    {
        builder.Services.AddStudioObservability(builder.Configuration);
        builder.Services.AddStudioAnalytics(builder.Configuration).AddSessionAnalytics();
        builder.AddStudioPersistence();
        builder.AddStudioSessions();
        builder.AddStudioCluster();
        builder.AddStudioSocketShutdown();
        builder.AddStudioLiveVideo();
        builder.AddStudioGeneration();
        // Last: wrap whichever journal and image provider the features registered.
        builder.Services.AddJournalMetrics();
        builder.Services.AddImageProviderMetrics();
    }

    /// <summary>Feature modules map their endpoints here (session API, WebSocket, webhooks, dashboard...).</summary>
    private static void MapFeatures(WebApplication app)
    {
        app.UseStudioJoinAnalytics();
        app.MapStudioMetrics();
        app.MapStudioAnalytics();
        app.MapStudioCluster();
        app.MapStudioSessions();
        app.MapStudioLiveVideo();
        app.MapStudioGeneration();
    }
}
