using ActorStudio.Actors.Ports;
using ActorStudio.Node.Storage;

namespace ActorStudio.Node.Tests.Storage;

/// <summary>Behaviour every <see cref="IBlobStore"/> must show; each store's test class inherits it.</summary>
public abstract class BlobStoreConformance
{
    protected const string Prompt = "a secret prompt about a purple giraffe";

    protected abstract IBlobStore Store { get; }

    protected static string NewKey(string kind = "originals") =>
        kind == "thumbs"
            ? StorageKeys.Thumbnail("s-" + Guid.NewGuid().ToString("N")[..8], "p1", Guid.NewGuid().ToString("N"), "webp")
            : StorageKeys.Original("s-" + Guid.NewGuid().ToString("N")[..8], "p1", Guid.NewGuid().ToString("N"), "png");

    protected static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    protected static BlobMetadata ImageMetadata() =>
        BlobTags.ForImage("image/png", "original", "sess-1", "owner-9", "gen-3", 2, "local-generator-v1", 1024, 1024, Prompt);

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes_and_content_type()
    {
        var key = NewKey();
        var payload = RandomBytes(300_000);
        await Store.PutAsync(key, payload, ImageMetadata(), CancellationToken.None);

        var got = await Store.GetAsync(key, CancellationToken.None);

        Assert.NotNull(got);
        Assert.Equal("image/png", got.ContentType);
        Assert.True(payload.AsSpan().SequenceEqual(got.Bytes.Span), $"bytes differ: put {payload.Length}, got {got.Bytes.Length}");
    }

    [Fact]
    public async Task Metadata_round_trips_and_never_holds_the_prompt()
    {
        var key = NewKey("thumbs");
        await Store.PutAsync(key, RandomBytes(1000), ImageMetadata(), CancellationToken.None);

        var got = await Store.GetAsync(key, CancellationToken.None);

        Assert.NotNull(got);
        Assert.Equal("owner-9", got.Tags[BlobTags.Owner]);
        Assert.Equal("sess-1", got.Tags[BlobTags.Session]);
        Assert.Equal("gen-3", got.Tags[BlobTags.Generation]);
        Assert.Equal("2", got.Tags[BlobTags.Variant]);
        Assert.Equal("1024x1024", got.Tags[BlobTags.Size]);
        Assert.Equal("local-generator-v1", got.Tags[BlobTags.Model]);
        Assert.Equal(BlobTags.HashPrompt(Prompt), got.Tags[BlobTags.PromptSha256]);
        foreach (var (name, value) in got.Tags)
        {
            Assert.DoesNotContain("giraffe", value, StringComparison.OrdinalIgnoreCase);
            Assert.NotEqual("prompt", name);
        }
    }

    [Fact]
    public async Task A_prompt_tag_is_refused()
    {
        var metadata = new BlobMetadata("image/png", new Dictionary<string, string> { ["prompt"] = "x" });
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.PutAsync(NewKey(), RandomBytes(10), metadata, CancellationToken.None));
    }

    [Fact]
    public async Task Exists_and_delete()
    {
        var key = NewKey();
        Assert.False(await Store.ExistsAsync(key, CancellationToken.None));
        await Store.PutAsync(key, RandomBytes(10), ImageMetadata(), CancellationToken.None);
        Assert.True(await Store.ExistsAsync(key, CancellationToken.None));

        await Store.DeleteAsync(key, CancellationToken.None);

        Assert.False(await Store.ExistsAsync(key, CancellationToken.None));
        Assert.Null(await Store.GetAsync(key, CancellationToken.None));
        await Store.DeleteAsync(key, CancellationToken.None); // deleting again is harmless
    }

    [Fact]
    public async Task Overwrite_replaces_the_bytes()
    {
        var key = NewKey();
        await Store.PutAsync(key, RandomBytes(5000), ImageMetadata(), CancellationToken.None);
        var second = RandomBytes(7001);
        await Store.PutAsync(key, second, ImageMetadata(), CancellationToken.None);

        var got = await Store.GetAsync(key, CancellationToken.None);
        Assert.True(second.AsSpan().SequenceEqual(got!.Bytes.Span));
    }

    [Fact]
    public async Task Missing_blob_reads_as_null()
    {
        Assert.Null(await Store.GetAsync(NewKey(), CancellationToken.None));
    }

    [Theory]
    [InlineData("../escape.png")]
    [InlineData("originals/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("originals//x.png")]
    [InlineData("originals/.hidden")]
    [InlineData("originals/x.png/")]
    [InlineData("originals\\..\\x.png")]
    [InlineData("originals/x y.png")]
    [InlineData("")]
    public async Task Traversal_and_malformed_keys_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.PutAsync(key, RandomBytes(10), ImageMetadata(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.GetAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.ExistsAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.DeleteAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task Store_is_reachable()
    {
        Assert.True(await Store.IsReachableAsync(CancellationToken.None));
    }
}
