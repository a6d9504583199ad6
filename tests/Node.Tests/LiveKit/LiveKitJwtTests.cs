using System.Buffers.Text;
using System.Text;
using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>Our HS256 verifier (used for webhooks) refuses what LiveKit's verifiers refuse.</summary>
public sealed class LiveKitJwtTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(10);

    [Fact]
    public void SignedClaimsVerifyAndReadBack()
    {
        var token = Sign(Claims());

        Assert.Equal(LiveKitTokenFailure.None, Verify(token, out var claims));
        Assert.Equal("p-1", claims!.Subject);
        Assert.Equal("studio-x", claims.Video!.Room);
        Assert.Equal(["camera"], claims.Video.CanPublishSources!);
    }

    [Fact]
    public void TamperedPayloadFailsTheSignature()
    {
        var token = Sign(Claims());
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("studio-x", "studio-y", StringComparison.Ordinal);
        var forged = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];

        Assert.Equal(LiveKitTokenFailure.BadSignature, Verify(forged, out _));
    }

    [Fact]
    public void AlgNoneIsRefused()
    {
        var token = Sign(Claims());
        var parts = token.Split('.');
        var none = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8) + "." + parts[1] + ".";
        var hs512 = Base64Url.EncodeToString("""{"alg":"HS512"}"""u8) + "." + parts[1] + "." + parts[2];

        Assert.Equal(LiveKitTokenFailure.Malformed, Verify(none, out _));
        Assert.Equal(LiveKitTokenFailure.UnsupportedAlgorithm, Verify(hs512, out _));
    }

    [Fact]
    public void TimeWindowAndExpiryAreEnforced()
    {
        Assert.Equal(LiveKitTokenFailure.NotYetValid, Verify(Sign(Claims() with { NotBefore = Now.ToUnixTimeSeconds() + 60 }), out _));
        Assert.Equal(LiveKitTokenFailure.None, Verify(Sign(Claims() with { NotBefore = Now.ToUnixTimeSeconds() + 5 }), out _));
        Assert.Equal(LiveKitTokenFailure.Expired, Verify(Sign(Claims() with { Expires = Now.ToUnixTimeSeconds() - 60 }), out _));
        Assert.Equal(LiveKitTokenFailure.MissingExpiry, Verify(Sign(Claims() with { Expires = 0 }), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!!.???.***")]
    public void GarbageIsMalformedOrMissing(string token)
    {
        var failure = Verify(token, out var claims);

        Assert.NotEqual(LiveKitTokenFailure.None, failure);
        Assert.Null(claims);
    }

    private static LiveKitTokenClaims Claims() => new()
    {
        Issuer = LiveKitTestSettings.ApiKey,
        Subject = "p-1",
        NotBefore = Now.ToUnixTimeSeconds() - 5,
        Expires = Now.ToUnixTimeSeconds() + 60,
        Video = new LiveKitVideoGrant { RoomJoin = true, Room = "studio-x", CanPublish = true, CanPublishSources = ["camera"] },
    };

    private static string Sign(LiveKitTokenClaims claims) => LiveKitJwt.Sign(claims, LiveKitTestSettings.ApiSecret);

    private static LiveKitTokenFailure Verify(string token, out LiveKitTokenClaims? claims) =>
        LiveKitJwt.TryVerify(token, LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, Now, Skew, out claims);
}
