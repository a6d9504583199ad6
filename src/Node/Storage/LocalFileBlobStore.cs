using System.Text.Json;
using ActorStudio.Actors.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Storage;

/// <summary>
/// The embedded default <see cref="IBlobStore"/>: one file per key under a root directory, metadata in a
/// <c>{file}~meta.json</c> sidecar ('~' can never appear in a key, so sidecars and temp files never collide with
/// blobs). Writes go to a temp file in the same directory and are renamed into place, so readers see the old
/// blob or the new one, never half of one. The sidecar is written first: a visible blob always has its metadata.
/// </summary>
public sealed class LocalFileBlobStore : IBlobStore
{
    private const string SidecarSuffix = "~meta.json";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly string _root;
    private readonly ILogger<LocalFileBlobStore> _logger;

    public LocalFileBlobStore(IOptions<LocalBlobStoreOptions> options, ILogger<LocalFileBlobStore> logger)
    {
        var root = options.Value.Root;
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("LocalBlobStoreOptions.Root is required.", nameof(options));
        }

        _root = Path.GetFullPath(root);
        _logger = logger;
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async ValueTask PutAsync(string key, ReadOnlyMemory<byte> content, BlobMetadata metadata, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        BlobTags.Validate(metadata);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sidecar = JsonSerializer.SerializeToUtf8Bytes(new BlobSidecar(metadata.ContentType, new Dictionary<string, string>(metadata.Tags)), JsonOptions);
        await WriteAtomicallyAsync(path + SidecarSuffix, sidecar, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(path, content, cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("Stored blob {BlobKey} ({Bytes} bytes)", key, content.Length);
    }

    public async ValueTask<BlobContent?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var sidecar = await ReadSidecarAsync(path, cancellationToken).ConfigureAwait(false);
        return new BlobContent(bytes, sidecar?.ContentType ?? "application/octet-stream")
        {
            Tags = sidecar?.Tags ?? [],
        };
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult(File.Exists(PathOf(key)));

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        File.Delete(path); // no-op when absent
        File.Delete(path + SidecarSuffix);
        return ValueTask.CompletedTask;
    }

    /// <summary>Local files have no presigned URLs: the node streams them itself.</summary>
    public ValueTask<Uri?> GetPresignedUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        _ = PathOf(key);
        return ValueTask.FromResult<Uri?>(null);
    }

    /// <summary>The root exists or can be created (a fresh data directory has none until the first image).</summary>
    public ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_root);
            return ValueTask.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValueTask.FromResult(false);
        }
    }

    private string PathOf(string key)
    {
        BlobKey.EnsureValid(key);
        var full = Path.GetFullPath(Path.Combine(_root, key));

        // Defence in depth: the key rule already forbids traversal; the resolved path must still be under the root.
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob key '{key}' resolves outside the store.", nameof(key));
        }

        return full;
    }

    private static async Task<BlobSidecar?> ReadSidecarAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path + SidecarSuffix, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            return await JsonSerializer.DeserializeAsync<BlobSidecar>(stream, JsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = $"{path}~{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true); // durable before it becomes visible under its name
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
