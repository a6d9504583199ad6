using ActorStudio.Actors.Ports;
using ActorStudio.Node.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActorStudio.Node.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The data directory key shared by the embedded defaults (journal, blobs); defaults to ./data.</summary>
    public const string DataDirKey = "Studio:DataDir";

    /// <summary>
    /// Registers <see cref="IBlobStore"/>: S3/R2 when <c>Studio:Storage:S3:Bucket</c> is set, otherwise local files under
    /// <c>Studio:Storage:Local:Root</c> (default <c>{Studio:DataDir}/blobs</c>).
    /// </summary>
    public static IServiceCollection AddStudioStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddReadinessCheck<BlobStoreReadinessCheck>();
        var s3 = configuration.GetSection(S3BlobStoreOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(s3[nameof(S3BlobStoreOptions.Bucket)]))
        {
            services.Configure<S3BlobStoreOptions>(s3);
            services.TryAddSingleton<IBlobStore, S3BlobStore>();
            return services;
        }

        var dataDir = configuration[DataDirKey] is { Length: > 0 } configured ? configured : "data";
        services.Configure<LocalBlobStoreOptions>(options =>
        {
            configuration.GetSection(LocalBlobStoreOptions.SectionName).Bind(options);
            if (string.IsNullOrWhiteSpace(options.Root))
            {
                options.Root = Path.Combine(dataDir, "blobs");
            }
        });
        services.TryAddSingleton<IBlobStore, LocalFileBlobStore>();
        return services;
    }
}
