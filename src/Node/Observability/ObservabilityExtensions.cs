using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Observability;

/// <summary>Wiring for metrics, the <c>/metrics</c> endpoint and correlation ids.</summary>
public static class ObservabilityExtensions
{
    /// <summary>Registers <see cref="StudioMetrics"/> (the instruments everyone records through) and the Prometheus collector.</summary>
    public static IServiceCollection AddStudioObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName));
        services.AddSingleton<StudioMetrics>();
        services.AddSingleton<PrometheusCollector>();
        // Started with the host so measurements from before the first scrape are counted.
        services.AddHostedService<PrometheusCollectorStarter>();
        return services;
    }

    /// <summary>
    /// Wraps the registered <see cref="IJournal"/> in <see cref="MeteredJournal"/> (append latency, batch size,
    /// failures). Call after every feature has registered its journal; without one it does nothing.
    /// </summary>
    public static IServiceCollection AddJournalMetrics(this IServiceCollection services) =>
        Decorate<IJournal>(services, static (sp, journal) =>
            journal is MeteredJournal ? journal : new MeteredJournal(journal, sp.GetRequiredService<StudioMetrics>(), BackendOf(journal)));

    /// <summary>Wraps the registered <see cref="IImageProvider"/> in <see cref="MeteredImageProvider"/>; call after the images feature.</summary>
    public static IServiceCollection AddImageProviderMetrics(this IServiceCollection services) =>
        Decorate<IImageProvider>(services, static (sp, provider) =>
            provider is MeteredImageProvider ? provider : new MeteredImageProvider(provider, sp.GetRequiredService<StudioMetrics>()));

    /// <summary>Replaces the last registration of <typeparamref name="T"/> by a decorated one (same lifetime); none: nothing.</summary>
    private static IServiceCollection Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> decorate)
        where T : class
    {
        ServiceDescriptor? registered = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(T) && !descriptor.IsKeyedService)
            {
                registered = descriptor;
            }
        }

        if (registered is null)
        {
            return services;
        }

        Func<IServiceProvider, T> inner = registered switch
        {
            { ImplementationInstance: T instance } => _ => instance,
            { ImplementationFactory: { } factory } => sp => (T)factory(sp),
            { ImplementationType: { } type } => sp => (T)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException($"Unsupported {typeof(T).Name} registration."),
        };
        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(T), sp => decorate(sp, inner(sp)), registered.Lifetime));
        return services;
    }

    private static string BackendOf(IJournal journal) => journal.GetType().Name switch
    {
        var name when name.Contains("Sqlite", StringComparison.Ordinal) => "sqlite",
        var name when name.Contains("Postgres", StringComparison.Ordinal) => "postgres",
        var name when name.Contains("InMemory", StringComparison.Ordinal) => "memory",
        var name => name.ToLowerInvariant(),
    };

    /// <summary>Correlation ids for every request and socket; put it first so every later log line has one.</summary>
    public static IApplicationBuilder UseStudioCorrelationIds(this IApplicationBuilder app) =>
        app.UseMiddleware<CorrelationIdMiddleware>();

    /// <summary>Maps the Prometheus text endpoint (by default <c>GET /metrics</c> on the node's own port).</summary>
    public static IEndpointRouteBuilder MapStudioMetrics(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        var route = endpoints.MapGet(options.Path, async (PrometheusCollector collector, HttpContext context) =>
        {
            var text = await collector.ScrapeAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
        }).ExcludeFromDescription();
        if (options.Port is { } port)
        {
            route.RequireHost("*:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return endpoints;
    }

    private sealed class PrometheusCollectorStarter(PrometheusCollector collector) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(collector);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
