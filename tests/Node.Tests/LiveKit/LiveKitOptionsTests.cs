using ActorStudio.Actors.Ports;
using ActorStudio.Node.LiveKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.Tests.LiveKit;

public sealed class LiveKitOptionsTests
{
    [Fact]
    public void WithoutSettingsLiveVideoIsOffAndJoinsCarryNoLiveKit()
    {
        using var provider = Build([]);

        var media = provider.GetRequiredService<IMediaRoom>();

        Assert.IsType<DisabledMediaRoom>(media);
        Assert.False(media.IsConfigured);
        Assert.False(media.IsRecordingConfigured);
        Assert.Null(media.CreateJoin("s-1", "p-1", "Ann", MediaRole.Host));
        Assert.Null(provider.GetService<LiveKitWebhookReceiver>());
        Assert.IsType<LoggingLiveKitEventSink>(provider.GetRequiredService<ILiveKitEventSink>());
    }

    [Fact]
    public async Task DisabledRoomRefusesRecordingWithAClearError()
    {
        var media = new DisabledMediaRoom();

        var error = await Assert.ThrowsAsync<MediaNotConfiguredException>(() => media.StartRecordingAsync("s-1", CancellationToken.None));
        await media.EnsureRoomAsync("s-1", 10, CancellationToken.None);

        Assert.Contains("not configured", error.Message, StringComparison.Ordinal);
        Assert.Empty(await media.ListRecordingsAsync("s-1", false, CancellationToken.None));
    }

    [Fact]
    public void ConventionalVariablesOverrideTheSection()
    {
        using var provider = Build(new()
        {
            ["LiveKit:Url"] = "wss://from-section.example",
            ["LiveKit:ApiKey"] = "section-key",
            ["LiveKit:ApiSecret"] = "section-secret",
            ["LiveKit:TokenTtl"] = "00:15:00",
            ["LiveKit:EmptyTimeout"] = "00:02:00",
            ["LiveKit:MaxParticipants"] = "300",
            ["LiveKit:Recording:Bucket"] = "rec",
            ["LiveKit:Recording:Endpoint"] = "https://acct.r2.cloudflarestorage.com",
            ["LiveKit:Recording:ForcePathStyle"] = "false",
            ["LIVEKIT_URL"] = "wss://from-env.example",
            ["LIVEKIT_API_KEY"] = "env-key",
        });

        var options = provider.GetRequiredService<LiveKitOptions>();
        var media = provider.GetRequiredService<IMediaRoom>();

        Assert.Equal("wss://from-env.example", options.Url);
        Assert.Equal("env-key", options.ApiKey);
        Assert.Equal("section-secret", options.ApiSecret);
        Assert.Equal(TimeSpan.FromMinutes(15), options.TokenTtl);
        Assert.Equal(TimeSpan.FromMinutes(2), options.EmptyTimeout);
        Assert.Equal(300, options.MaxParticipants);
        Assert.Equal("rec", options.Recording.Bucket);
        Assert.False(options.Recording.ForcePathStyle);
        Assert.Equal(new Uri("https://from-env.example/"), options.ApiBaseUri);
        Assert.IsType<LiveKitMediaRoom>(media);
        Assert.True(media.IsConfigured);
        Assert.True(media.IsRecordingConfigured);
        Assert.NotNull(provider.GetRequiredService<LiveKitWebhookReceiver>());

        var join = media.CreateJoin("s-9", "p-1", "Ann", MediaRole.Viewer)!;
        Assert.Equal(("wss://from-env.example", "studio-s-9"), (join.Url, join.Room));
        Assert.Equal(LiveKitTokenFailure.None, LiveKitJwt.TryVerify(join.Token, "env-key", "section-secret", DateTimeOffset.UtcNow, TimeSpan.Zero, out var claims));
        Assert.Equal(15 * 60 + 10, claims!.Expires - claims.NotBefore);
    }

    [Theory]
    [InlineData("wss://lk.example", null, "s")]
    [InlineData(null, "k", "s")]
    [InlineData("wss://lk.example", "k", null)]
    [InlineData("ftp://lk.example", "k", "s")]
    [InlineData("not a url", "k", "s")]
    public void PartialOrInvalidSettingsFailAtStartup(string? url, string? key, string? secret)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["LIVEKIT_URL"] = url,
            ["LIVEKIT_API_KEY"] = key,
            ["LIVEKIT_API_SECRET"] = secret,
        }));

        Assert.StartsWith("LiveKit settings are invalid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wss://lk.example.com", "https://lk.example.com/")]
    [InlineData("ws://127.0.0.1:7880", "http://127.0.0.1:7880/")]
    [InlineData("https://lk.example.com/base", "https://lk.example.com/base/")]
    public void ApiBaseFollowsTheBrowserUrl(string url, string api)
    {
        Assert.Equal(new Uri(api), LiveKitUrls.ToApiBase(url));
    }

    [Fact]
    public void RoomNamesRoundTripToSessions()
    {
        var room = LiveKitRoomNames.ForSession("abc-123");

        Assert.Equal("studio-abc-123", room);
        Assert.True(LiveKitRoomNames.TryGetSessionId(room, out var sessionId));
        Assert.Equal("abc-123", sessionId);
        Assert.False(LiveKitRoomNames.TryGetSessionId("other-room", out _));
        Assert.False(LiveKitRoomNames.TryGetSessionId("studio-", out _));
        Assert.False(LiveKitRoomNames.TryGetSessionId(null, out _));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders());
        services.AddStudioLiveKit(configuration);
        return services.BuildServiceProvider();
    }
}
