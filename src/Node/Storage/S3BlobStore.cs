using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ActorStudio.Actors.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over S3 or an S3-compatible service (Cloudflare R2, s3rver in tests) with AWSSDK.S3.
/// Tags become x-amz-meta-* headers. Puts send plain bodies (UseChunkEncoding = false): s3rver would otherwise store
/// the aws-chunked framing as the object, and R2/AWS accept both. Checksums are only computed when an operation
/// requires them, for the same compatibility reason.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private const string MetaPrefix = "x-amz-meta-";

    private readonly AmazonS3Client _client;
    private readonly S3BlobStoreOptions _options;
    private readonly string _bucket;
    private readonly ILogger<S3BlobStore> _logger;

    public S3BlobStore(IOptions<S3BlobStoreOptions> options, ILogger<S3BlobStore> logger)
    {
        _options = options.Value;
        _bucket = string.IsNullOrWhiteSpace(_options.Bucket)
            ? throw new ArgumentException("S3BlobStoreOptions.Bucket is required.", nameof(options))
            : _options.Bucket;
        _logger = logger;

        var config = new AmazonS3Config
        {
            ForcePathStyle = _options.ForcePathStyle,
            Timeout = _options.Timeout,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(_options.ServiceUrl))
        {
            config.ServiceURL = _options.ServiceUrl;
            config.AuthenticationRegion = _options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(_options.Region);
        }

        _client = string.IsNullOrEmpty(_options.AccessKeyId) && string.IsNullOrEmpty(_options.SecretAccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey), config);
    }

    public async ValueTask PutAsync(string key, ReadOnlyMemory<byte> content, BlobMetadata metadata, CancellationToken cancellationToken)
    {
        BlobKey.EnsureValid(key);
        BlobTags.Validate(metadata);
        using var body = AsStream(content);
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = metadata.ContentType,
            UseChunkEncoding = false,
        };
        foreach (var (name, value) in metadata.Tags)
        {
            request.Metadata.Add(name, value);
        }

        await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("Stored blob {BlobKey} ({Bytes} bytes) in bucket {Bucket}", key, content.Length, _bucket);
    }

    public async ValueTask<BlobContent?> GetAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.EnsureValid(key);
        try
        {
            using var response = await _client.GetObjectAsync(_bucket, key, cancellationToken).ConfigureAwait(false);
            var length = response.ContentLength;
            var bytes = new byte[length >= 0 ? length : 0];
            using (var memory = new MemoryStream(bytes.Length))
            {
                await response.ResponseStream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
                bytes = memory.Length == bytes.Length ? memory.GetBuffer() : memory.ToArray();
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in response.Metadata.Keys)
            {
                var shortName = name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase) ? name[MetaPrefix.Length..] : name;
                tags[shortName.ToLowerInvariant()] = response.Metadata[name];
            }

            return new BlobContent(bytes, response.Headers.ContentType ?? "application/octet-stream") { Tags = tags };
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.EnsureValid(key);
        try
        {
            await _client.GetObjectMetadataAsync(_bucket, key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.EnsureValid(key);
        await _client.DeleteObjectAsync(_bucket, key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Uri?> GetPresignedUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        BlobKey.EnsureValid(key);
        if (lifetime <= TimeSpan.Zero)
        {
            lifetime = _options.PresignedUrlLifetime;
        }

        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.Add(lifetime),
            Protocol = _options.ServiceUrl is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Amazon.S3.Protocol.HTTP : Amazon.S3.Protocol.HTTPS,
        };
        var signed = await _client.GetPreSignedURLAsync(request).ConfigureAwait(false);
        return new Uri(signed);
    }

    public async ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Bucket {Bucket} is not reachable", _bucket);
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}
