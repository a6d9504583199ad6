using ActorStudio.Actors.Ports;
using ActorStudio.Node.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Tests.Storage;

public sealed class LocalFileBlobStoreTests : BlobStoreConformance, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("actorstudio-blobs-").FullName;
    private readonly LocalFileBlobStore _store;

    public LocalFileBlobStoreTests()
    {
        _store = new LocalFileBlobStore(Options.Create(new LocalBlobStoreOptions { Root = _root }), NullLogger<LocalFileBlobStore>.Instance);
    }

    protected override IBlobStore Store => _store;

    [Fact]
    public async Task Blob_lands_under_the_root_at_its_key_with_a_sidecar_and_no_temp_files()
    {
        var key = StorageKeys.Original("sess", "owner", "img1", "png");
        var payload = RandomBytes(2048);
        await _store.PutAsync(key, payload, ImageMetadata(), CancellationToken.None);

        var file = Path.Combine(_root, "originals", "sess", "owner", "img1.png");
        Assert.Equal(payload, await File.ReadAllBytesAsync(file));
        var sidecar = await File.ReadAllTextAsync(file + "~meta.json");
        Assert.Contains("owner-9", sidecar, StringComparison.Ordinal);
        Assert.DoesNotContain("giraffe", sidecar, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_symlinked_directory_cannot_lead_outside_through_a_valid_key()
    {
        // Keys cannot contain "..", so the only way out would be a link planted in the tree; the resolved path check
        // does not follow links, which is why key validation (not path checks) is the primary guard. This test pins
        // that keys with traversal never reach the file system at all.
        var outside = Directory.CreateTempSubdirectory("actorstudio-outside-").FullName;
        try
        {
            await Assert.ThrowsAsync<ArgumentException>(async () =>
                await _store.PutAsync("originals/../../" + Path.GetFileName(outside) + "/x.png", RandomBytes(4), ImageMetadata(), CancellationToken.None));
            Assert.Empty(Directory.GetFiles(outside));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task Presigned_urls_are_not_offered_by_local_files()
    {
        Assert.Null(await _store.GetPresignedUrlAsync(StorageKeys.Original("s", "o", "i", "png"), TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
