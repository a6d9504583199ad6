using System.Net;
using ActorStudio.Actors.Ports;
using ActorStudio.Node.Storage;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Tests.Storage;

/// <summary>The S3 store against a real s3rver on loopback.</summary>
public sealed class S3BlobStoreTests : BlobStoreConformance, IClassFixture<S3rverServer>, IDisposable
{
    private readonly S3BlobStore _store;
    private readonly string _serviceUrl;

    public S3BlobStoreTests(S3rverServer server)
    {
        _serviceUrl = server.ServiceUrl;
        _store = new S3BlobStore(
            Options.Create(new S3BlobStoreOptions
            {
                Bucket = S3rverServer.Bucket,
                ServiceUrl = server.ServiceUrl,
                ForcePathStyle = true,
                AccessKeyId = S3rverServer.AccessKey,
                SecretAccessKey = S3rverServer.SecretKey,
            }),
            NullLogger<S3BlobStore>.Instance);
    }

    protected override IBlobStore Store => _store;

    [Fact]
    public async Task Presigned_get_serves_the_exact_bytes_with_metadata_headers_but_no_prompt()
    {
        var key = NewKey();
        var payload = RandomBytes(123_457);
        await _store.PutAsync(key, payload, ImageMetadata(), CancellationToken.None);

        var url = await _store.GetPresignedUrlAsync(key, TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.NotNull(url);
        Assert.Contains("X-Amz-Expires=120", url.Query, StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("owner-9", Assert.Single(response.Headers.GetValues("x-amz-meta-owner")));
        foreach (var header in response.Headers)
        {
            Assert.DoesNotContain(header.Value, v => v.Contains("giraffe", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task A_tampered_presigned_url_is_not_the_object()
    {
        // s3rver does not check signatures, so this only proves the URL names the right object and bucket.
        var key = NewKey();
        await _store.PutAsync(key, RandomBytes(64), ImageMetadata(), CancellationToken.None);
        var url = await _store.GetPresignedUrlAsync(key, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Contains("/" + S3rverServer.Bucket + "/" + key, url!.AbsolutePath, StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(url.ToString().Replace(".png", ".jpg", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_bucket_is_not_reachable()
    {
        var other = new S3BlobStore(
            Options.Create(new S3BlobStoreOptions
            {
                Bucket = "no-such-bucket",
                ServiceUrl = _serviceUrl,
                ForcePathStyle = true,
                AccessKeyId = S3rverServer.AccessKey,
                SecretAccessKey = S3rverServer.SecretKey,
            }),
            NullLogger<S3BlobStore>.Instance);
        using (other)
        {
            Assert.False(await other.IsReachableAsync(CancellationToken.None));
        }
    }

    public void Dispose() => _store.Dispose();
}
