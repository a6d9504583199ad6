using ActorStudio.Actors.Ports;
using ActorStudio.Node.Images;
using ActorStudio.Node.Images.Gemini;
using ActorStudio.Node.Images.Local;
using ActorStudio.Node.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Node.Tests.Images;

public sealed class ServiceRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddStudioImages(configuration);
        services.AddStudioStorage(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_settings_the_embedded_defaults_are_used()
    {
        var dataDir = Directory.CreateTempSubdirectory("actorstudio-data-").FullName;
        try
        {
            using var provider = Build(new() { ["Studio:DataDir"] = dataDir, ["Studio:Images:Local:MedianLatency"] = "00:00:00.250" });

            Assert.IsType<LocalImageGenerator>(provider.GetRequiredService<IImageProvider>());
            Assert.IsType<Thumbnailer>(provider.GetRequiredService<IThumbnailer>());
            Assert.NotNull(provider.GetRequiredService<UploadValidator>());
            var store = Assert.IsType<LocalFileBlobStore>(provider.GetRequiredService<IBlobStore>());
            Assert.Equal(Path.Combine(dataDir, "blobs"), store.Root);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public void Gemini_and_s3_settings_select_the_remote_adapters()
    {
        using var provider = Build(new()
        {
            ["Studio:Images:Gemini:ApiKey"] = "k",
            ["Studio:Images:Gemini:Model"] = "gemini-3.1-flash-image",
            ["Studio:Storage:S3:Bucket"] = "studio",
            ["Studio:Storage:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Studio:Storage:S3:ForcePathStyle"] = "true",
            ["Studio:Storage:S3:AccessKeyId"] = "a",
            ["Studio:Storage:S3:SecretAccessKey"] = "b",
        });

        Assert.IsType<GeminiImageProvider>(provider.GetRequiredService<IImageProvider>());
        Assert.IsType<ApiKeyAuthenticator>(provider.GetRequiredService<IGeminiAuthenticator>());
        Assert.IsType<S3BlobStore>(provider.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public void A_vertex_project_selects_google_credentials()
    {
        using var provider = Build(new() { ["Studio:Images:Gemini:Project"] = "p", ["Studio:Images:Gemini:Location"] = "us-central1" });

        Assert.IsType<GeminiImageProvider>(provider.GetRequiredService<IImageProvider>());
        Assert.IsType<GoogleCredentialAuthenticator>(provider.GetRequiredService<IGeminiAuthenticator>());
    }
}
