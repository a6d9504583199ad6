using ActorStudio.Actors.Ports;
using ActorStudio.Node.Tests.Images;
using ActorStudio.Node.Tests.Sessions;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Generation;

/// <summary>The original is written while the thumbnail is made; when the thumbnail fails, the original must go too.</summary>
public sealed class UnreadableProviderImageTests
{
    [Fact]
    public async Task A_provider_image_that_cannot_be_decoded_fails_the_variant_and_leaves_no_original_behind()
    {
        using var data = new TempDirectory("unreadable");
        await using var server = await StudioServer.StartAsync(data.Path, configureServices: builder =>
        {
            var existing = builder.Services.Where(d => d.ServiceType == typeof(IImageProvider)).ToList();
            foreach (var d in existing)
            {
                builder.Services.Remove(d);
            }

            builder.Services.AddSingleton<IImageProvider, TruncatedPngProvider>();
        });
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync("Unreadable");
        var ann = await api.JoinAsync(session.SessionId, session.HostCode, "Ann");
        await using var socket = await SessionSocketClient.ConnectAsync(ann.WsUrl, ann.Token);
        await socket.WaitForAsync<Welcome>();

        await socket.SendAsync(new Generate("bad-1", "anything", "1:1", 1, null));
        var done = await socket.WaitForAsync<GenerationDone>();

        Assert.Equal((0, 4), (done.StoredCount, done.FailedCount));
        var failures = socket.Received.OfType<VariantProgress>().Where(p => p.Status == VariantStatus.Failed).ToList();
        Assert.Equal(4, failures.Count);
        Assert.All(failures, f => Assert.Equal("provider_error", f.FailureReason));
        var originals = Path.Combine(data.Path, "blobs", "originals");
        var left = Directory.Exists(originals) ? Directory.EnumerateFiles(originals, "*.png", SearchOption.AllDirectories).ToList() : [];
        Assert.Empty(left);
    }

    /// <summary>A PNG whose header sniffs fine but whose data stops half way.</summary>
    private sealed class TruncatedPngProvider : IImageProvider
    {
        private readonly byte[] truncated = TestImages.Png(256, 256)[..300];

        public string Name => "truncated";

        public Task<ProvidedImage> GenerateAsync(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(new ProvidedImage(truncated, "image/png", 256, 256, "truncated"));
    }
}
