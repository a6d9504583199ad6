using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.LiveVideo;
using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Sessions.LiveVideo;

/// <summary>Live video in the node: LiveKit adapters, the session feature, the webhook sink, the HTTP API.</summary>
public static class LiveVideoServiceCollectionExtensions
{
    /// <summary>Call after <c>AddStudioSessions</c>: the session feature joins the features every session runs.</summary>
    public static WebApplicationBuilder AddStudioLiveVideo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddStudioLiveKit(builder.Configuration);
        services.AddSingleton<ILiveKitEventSink, SessionMediaEventSink>();
        var reconcile = builder.Configuration.GetValue<TimeSpan?>("LiveVideo:RecordingReconcileInterval");
        services.AddSingleton<ISessionFeature>(sp => new LiveVideoFeature(sp.GetRequiredService<IMediaRoom>(), reconcile));
        services.AddSingleton<MediaRoomKeeper>();
        services.AddSingleton<RecordingLinks>();
        return builder;
    }

    public static WebApplication MapStudioLiveVideo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapLiveKitWebhook();
        app.MapLiveVideoApi();
        return app;
    }
}
