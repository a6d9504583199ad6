using ActorStudio.Actors.Generation;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Node.Images;
using ActorStudio.Node.Storage;

namespace ActorStudio.Node.Generation;

/// <summary>Image generation in the node: settings (section <c>Generation</c>), provider, storage, the session features, the API.</summary>
public static class GenerationServiceCollectionExtensions
{
    public const string SectionName = "Generation";

    public static WebApplicationBuilder AddStudioGeneration(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(SectionName).Get<GenerationSettings>() ?? new GenerationSettings();
        var services = builder.Services;
        services.AddStudioImages(builder.Configuration);
        services.AddStudioStorage(builder.Configuration);
        services.AddSingleton(settings);
        services.AddSingleton<ProviderConcurrency>();
        services.AddSingleton<ImageTickets>();
        services.AddSingleton(sp => new GenerationServices(
            sp.GetRequiredService<IImageProvider>(),
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<IThumbnailer>(),
            sp.GetRequiredService<ProviderConcurrency>(),
            settings,
            new ImageKeyLayout(
                (session, owner, image, type) => StorageKeys.Original(session, owner, image, StorageKeys.ExtensionFor(type)),
                (session, owner, image, type) => StorageKeys.Thumbnail(session, owner, image, StorageKeys.ExtensionFor(type)),
                (session, owner, image, type) => StorageKeys.Upload(session, owner, image, StorageKeys.ExtensionFor(type))),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>())
        {
            Observer = sp.GetService<IGenerationObserver>(),
        });
        services.AddSingleton<ISessionFeature>(sp => new GenerationFeature(sp.GetRequiredService<GenerationServices>()));
        services.AddSingleton<ISessionFeature, StreamFeature>();
        return builder;
    }

    public static WebApplication MapStudioGeneration(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGenerationApi();
        return app;
    }
}
