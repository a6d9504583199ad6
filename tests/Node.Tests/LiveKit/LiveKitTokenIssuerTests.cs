using System.Text.Json;
using ActorStudio.Actors.Ports;
using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>Tokens we mint, read back by LiveKit's own TokenVerifier (livekit-server-sdk in node).</summary>
public sealed class LiveKitTokenIssuerTests
{
    private static readonly string[] HostSources = ["camera", "microphone"];
    private static readonly string[] HostSourcesWithScreen = ["camera", "microphone", "screen_share", "screen_share_audio"];

    [Fact]
    public async Task EveryRoleGetsTheGrantsLiveKitReadsBack()
    {
        var issuer = new LiveKitTokenIssuer(LiveKitTestSettings.Options(), TimeProvider.System);
        var room = LiveKitRoomNames.ForSession("s-42");
        string[] tokens =
        [
            issuer.CreateParticipantToken(room, "p-host", "Hosta", MediaRole.Host, allowScreenShare: false),
            issuer.CreateParticipantToken(room, "p-host", "Hosta", MediaRole.Host, allowScreenShare: true),
            issuer.CreateParticipantToken(room, "p-collab", "Colla Borator", MediaRole.Collaborator, allowScreenShare: true),
            issuer.CreateParticipantToken(room, "p-viewer", "Vi Ewer ✓", MediaRole.Viewer, allowScreenShare: true),
        ];

        var verified = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, tokens);

        Assert.All(verified, v => Assert.True(v.Ok, v.Error));
        AssertHost(verified[0].Claims, room, HostSources);
        AssertHost(verified[1].Claims, room, HostSourcesWithScreen);
        AssertWatcher(verified[2].Claims, room, "p-collab", "Colla Borator");
        AssertWatcher(verified[3].Claims, room, "p-viewer", "Vi Ewer ✓");
    }

    [Fact]
    public async Task TimesAreIntegerSecondsWithBackDatedNotBeforeAndTheConfiguredLifetime()
    {
        var now = DateTimeOffset.UtcNow;
        var options = LiveKitTestSettings.Options();
        options.TokenTtl = TimeSpan.FromMinutes(20);
        options.NotBeforeSkew = TimeSpan.FromSeconds(7);
        var issuer = new LiveKitTokenIssuer(options, new ManualTimeProvider(now));

        var token = issuer.CreateParticipantToken("studio-a", "p1", "P One", MediaRole.Viewer, allowScreenShare: false);
        var claims = (await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, [token]))[0];

        Assert.True(claims.Ok, claims.Error);
        var nbf = claims.Claims.GetProperty("nbf");
        var exp = claims.Claims.GetProperty("exp");
        Assert.Equal(JsonValueKind.Number, nbf.ValueKind);
        Assert.Equal(JsonValueKind.Number, exp.ValueKind);
        Assert.DoesNotContain('.', nbf.GetRawText());
        Assert.DoesNotContain('.', exp.GetRawText());
        Assert.Equal(now.ToUnixTimeSeconds() - 7, nbf.GetInt64());
        Assert.Equal(now.ToUnixTimeSeconds() + 20 * 60, exp.GetInt64());
    }

    [Fact]
    public async Task ExpiredTokenAndWrongSecretAreRejectedByLiveKit()
    {
        var longAgo = DateTimeOffset.UtcNow.AddHours(-2);
        var expired = new LiveKitTokenIssuer(LiveKitTestSettings.Options(), new ManualTimeProvider(longAgo))
            .CreateParticipantToken("studio-a", "p1", "P", MediaRole.Host, allowScreenShare: false);
        var fresh = new LiveKitTokenIssuer(LiveKitTestSettings.Options(), TimeProvider.System)
            .CreateParticipantToken("studio-a", "p1", "P", MediaRole.Host, allowScreenShare: false);

        var withRightSecret = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, [expired, fresh]);
        var withWrongSecret = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, "another-secret-entirely-0123456789", [fresh]);
        var withWrongKey = await LiveKitNodeChecks.VerifyAsync("APIotherkey", LiveKitTestSettings.ApiSecret, [fresh]);

        Assert.False(withRightSecret[0].Ok);
        Assert.Contains("exp", withRightSecret[0].Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(withRightSecret[1].Ok, withRightSecret[1].Error);
        Assert.False(withWrongSecret[0].Ok);
        Assert.Contains("signature", withWrongSecret[0].Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(withWrongKey[0].Ok);
        Assert.Contains("iss", withWrongKey[0].Error, StringComparison.OrdinalIgnoreCase);

        // Our own verifier (used for the webhook and the Twirp stand-in) agrees on each case.
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(LiveKitTokenFailure.Expired, LiveKitJwt.TryVerify(expired, LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, now, TimeSpan.FromSeconds(10), out _));
        Assert.Equal(LiveKitTokenFailure.None, LiveKitJwt.TryVerify(fresh, LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, now, TimeSpan.FromSeconds(10), out _));
        Assert.Equal(LiveKitTokenFailure.BadSignature, LiveKitJwt.TryVerify(fresh, LiveKitTestSettings.ApiKey, "another-secret-entirely-0123456789", now, TimeSpan.FromSeconds(10), out _));
        Assert.Equal(LiveKitTokenFailure.WrongIssuer, LiveKitJwt.TryVerify(fresh, "APIotherkey", LiveKitTestSettings.ApiSecret, now, TimeSpan.FromSeconds(10), out _));
    }

    [Fact]
    public async Task TokenForAnotherSessionNamesOnlyItsOwnRoom()
    {
        var media = LiveKitTestRooms.Create(LiveKitTestSettings.Options()).Media;
        var joinA = media.CreateJoin("session-a", "p1", "P", MediaRole.Host)!;
        var joinB = media.CreateJoin("session-b", "p1", "P", MediaRole.Host)!;

        var verified = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, [joinA.Token]);

        Assert.True(verified[0].Ok, verified[0].Error);
        var grantedRoom = verified[0].Claims.GetProperty("video").GetProperty("room").GetString();
        Assert.Equal("studio-session-a", grantedRoom);
        Assert.Equal(joinA.Room, grantedRoom);
        Assert.NotEqual(joinB.Room, grantedRoom);
        Assert.False(LiveKitTokenChecks.GrantsRoomJoin(joinA.Token, joinB.Room, LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret));
        Assert.True(LiveKitTokenChecks.GrantsRoomJoin(joinA.Token, joinA.Room, LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret));
        Assert.Equal("wss://livekit.example.test", joinA.Url);
    }

    [Fact]
    public async Task ServiceTokensCarryOnlyTheGrantOfTheCallAndAShortLifetime()
    {
        var now = DateTimeOffset.UtcNow;
        var issuer = new LiveKitTokenIssuer(LiveKitTestSettings.Options(), new ManualTimeProvider(now));
        string[] tokens =
        [
            issuer.CreateServiceToken(LiveKitServiceGrants.RoomCreate),
            issuer.CreateServiceToken(LiveKitServiceGrants.RoomAdmin("studio-x")),
            issuer.CreateServiceToken(LiveKitServiceGrants.RoomRecord),
        ];

        var verified = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, tokens);

        Assert.All(verified, v => Assert.True(v.Ok, v.Error));
        Assert.Equal(["roomCreate"], GrantNames(verified[0].Claims));
        Assert.Equal(["room", "roomAdmin"], GrantNames(verified[1].Claims));
        Assert.Equal("studio-x", verified[1].Claims.GetProperty("video").GetProperty("room").GetString());
        Assert.Equal(["roomRecord"], GrantNames(verified[2].Claims));
        foreach (var v in verified)
        {
            Assert.False(v.Claims.TryGetProperty("sub", out _));
            Assert.Equal(now.ToUnixTimeSeconds() + 600, v.Claims.GetProperty("exp").GetInt64());
        }
    }

    private static void AssertHost(JsonElement claims, string room, string[] sources)
    {
        Assert.Equal(LiveKitTestSettings.ApiKey, claims.GetProperty("iss").GetString());
        Assert.Equal("p-host", claims.GetProperty("sub").GetString());
        Assert.Equal("Hosta", claims.GetProperty("name").GetString());
        var video = claims.GetProperty("video");
        Assert.True(video.GetProperty("roomJoin").GetBoolean());
        Assert.Equal(room, video.GetProperty("room").GetString());
        Assert.True(video.GetProperty("canPublish").GetBoolean());
        Assert.True(video.GetProperty("canSubscribe").GetBoolean());
        Assert.True(video.GetProperty("canPublishData").GetBoolean());
        Assert.False(video.GetProperty("canUpdateOwnMetadata").GetBoolean());
        var actual = new List<string>();
        foreach (var source in video.GetProperty("canPublishSources").EnumerateArray())
        {
            actual.Add(source.GetString()!);
        }

        Assert.Equal(sources, actual);
        AssertNoAdminGrant(video);
    }

    private static void AssertWatcher(JsonElement claims, string room, string identity, string name)
    {
        Assert.Equal(identity, claims.GetProperty("sub").GetString());
        Assert.Equal(name, claims.GetProperty("name").GetString());
        var video = claims.GetProperty("video");
        Assert.True(video.GetProperty("roomJoin").GetBoolean());
        Assert.Equal(room, video.GetProperty("room").GetString());
        Assert.False(video.GetProperty("canPublish").GetBoolean());
        Assert.False(video.GetProperty("canPublishData").GetBoolean());
        Assert.False(video.GetProperty("canUpdateOwnMetadata").GetBoolean());
        Assert.True(video.GetProperty("canSubscribe").GetBoolean());
        Assert.False(video.TryGetProperty("canPublishSources", out _));
        AssertNoAdminGrant(video);
    }

    private static void AssertNoAdminGrant(JsonElement video)
    {
        foreach (var name in new[] { "roomCreate", "roomAdmin", "roomRecord", "roomList", "ingressAdmin", "hidden", "recorder", "agent" })
        {
            Assert.False(video.TryGetProperty(name, out _), $"browser token must not carry {name}");
        }
    }

    private static List<string> GrantNames(JsonElement claims)
    {
        var names = new List<string>();
        foreach (var property in claims.GetProperty("video").EnumerateObject())
        {
            names.Add(property.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
