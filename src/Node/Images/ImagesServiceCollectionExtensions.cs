using ActorStudio.Actors.Ports;
using ActorStudio.Node.Images.Gemini;
using ActorStudio.Node.Images.Local;
using ActorStudio.Node.Images.Vips;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Images;

public static class ImagesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IImageProvider"/> (Gemini when <c>Studio:Images:Gemini:ApiKey</c> or <c>:Project</c> is set,
    /// the local generator otherwise), <see cref="IThumbnailer"/>, <see cref="UploadValidator"/> and <see cref="VipsLibrary"/>.
    /// </summary>
    public static IServiceCollection AddStudioImages(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VipsLibrary>();
        services.Configure<ThumbnailerOptions>(configuration.GetSection(ThumbnailerOptions.SectionName));
        services.Configure<UploadOptions>(configuration.GetSection(UploadOptions.SectionName));
        services.TryAddSingleton<IThumbnailer, Thumbnailer>();
        services.TryAddSingleton<UploadValidator>();

        var gemini = configuration.GetSection(GeminiOptions.SectionName);
        if (gemini.Get<GeminiOptions>() is { IsConfigured: true })
        {
            services.Configure<GeminiOptions>(gemini);
            services.TryAddSingleton<IGeminiAuthenticator>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<GeminiOptions>>().Value;
                return options.UsesApiKey ? new ApiKeyAuthenticator(options.ApiKey!) : new GoogleCredentialAuthenticator(options.CredentialsFile);
            });

            // Our pipeline owns timeouts per attempt; the HttpClient's own limit would cut long retries short.
            services.AddHttpClient(nameof(GeminiImageProvider), client => client.Timeout = Timeout.InfiniteTimeSpan);
            services.TryAddSingleton<IImageProvider>(sp => new GeminiImageProvider(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(GeminiImageProvider)),
                sp.GetRequiredService<IOptions<GeminiOptions>>(),
                sp.GetRequiredService<IGeminiAuthenticator>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<GeminiImageProvider>>()));
        }
        else
        {
            services.Configure<LocalImageGeneratorOptions>(configuration.GetSection(LocalImageGeneratorOptions.SectionName));
            services.TryAddSingleton<IImageProvider, LocalImageGenerator>();
        }

        return services;
    }
}
