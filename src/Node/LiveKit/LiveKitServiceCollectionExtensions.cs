using ActorStudio.Actors.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.LiveKit;

public static class LiveKitServiceCollectionExtensions
{
    public const string HttpClientName = "ActorStudio.LiveKit";

    /// <summary>
    /// Registers <see cref="IMediaRoom"/>: on LiveKit when <c>LIVEKIT_URL</c>, <c>LIVEKIT_API_KEY</c> and
    /// <c>LIVEKIT_API_SECRET</c> (or <c>LiveKit:Url/ApiKey/ApiSecret</c>) are set, otherwise
    /// <see cref="DisabledMediaRoom"/>. Setting only some of the three is a configuration error and fails here.
    /// Also registers the webhook receiver, the recent-id guard and a default <see cref="ILiveKitEventSink"/>
    /// that only logs (register your own sink before or after; the last registration wins).
    /// </summary>
    public static IServiceCollection AddStudioLiveKit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var options = LiveKitOptionsReader.Read(configuration);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new RecentWebhookIds(options.WebhookRecentIdCapacity));
        services.TryAddSingleton<ILiveKitEventSink, LoggingLiveKitEventSink>();

        if (!options.IsConfigured)
        {
            services.AddSingleton<IMediaRoom, DisabledMediaRoom>();
            return services;
        }

        // One long-lived client for singletons; pooled connections are recycled so DNS changes are picked up.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.AddSingleton<LiveKitTokenIssuer>();
        services.AddSingleton(sp => new LiveKitTwirpClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<LiveKitOptions>(),
            sp.GetRequiredService<LiveKitTokenIssuer>(),
            sp.GetRequiredService<ILogger<LiveKitTwirpClient>>()));
        services.AddSingleton<LiveKitRoomServiceClient>();
        services.AddSingleton<LiveKitEgressClient>();
        services.AddSingleton<LiveKitWebhookReceiver>();
        services.AddSingleton<LiveKitMediaRoom>();
        services.AddSingleton<IMediaRoom>(sp => sp.GetRequiredService<LiveKitMediaRoom>());
        return services;
    }
}
