using System.Text;
using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

public sealed class LiveKitWebhookReceiverTests(SignedWebhooks signed) : IClassFixture<SignedWebhooks>
{
    private readonly LiveKitWebhookReceiver receiver = new(LiveKitTestSettings.Options(), TimeProvider.System);

    [Fact]
    public void ValidDeliveryIsAcceptedAndParsedLikeLiveKitParsesIt()
    {
        Assert.True(signed.ParticipantJoined.ReceiverAccepts, "LiveKit's WebhookReceiver should accept the reference delivery");

        var result = receiver.Receive(Encoding.UTF8.GetBytes(SignedWebhooks.ParticipantJoinedBody), signed.ParticipantJoined.Authorization);

        Assert.True(result.IsAccepted, result.Detail);
        var e = result.Event!;
        Assert.Equal(signed.ParticipantJoined.Event, e.Event);
        Assert.Equal(signed.ParticipantJoined.Id, e.Id);
        Assert.Equal(LiveKitWebhookEvents.ParticipantJoined, e.Event);
        Assert.Equal(1763772002, e.CreatedAt);
        Assert.Equal("studio-s-1", e.Room!.Name);
        Assert.Equal(1763772000, e.Room.CreationTime);
        Assert.Equal(300u, e.Room.EmptyTimeout);
        Assert.Equal("p-ann", e.Participant!.Identity);
        Assert.Equal("ACTIVE", e.Participant.State);
        Assert.Equal(1763772001, e.Participant.JoinedAt);
        Assert.Equal("CAMERA", Assert.Single(e.Participant.Tracks).Source);
        Assert.True(e.TryGetSessionId(out var sessionId));
        Assert.Equal("s-1", sessionId);
    }

    [Fact]
    public void EgressDeliveryCarriesStatusFileAndSession()
    {
        var result = receiver.Receive(Encoding.UTF8.GetBytes(SignedWebhooks.EgressUpdatedBody), signed.EgressUpdated.Authorization);

        Assert.True(result.IsAccepted, result.Detail);
        Assert.True(signed.EgressUpdated.ReceiverAccepts);
        var egress = result.Event!.EgressInfo!;
        Assert.Equal("EG_7", egress.EgressId);
        Assert.Equal("EGRESS_COMPLETE", egress.Status);
        Assert.Equal(1763772600000000000, egress.EndedAt);
        var file = Assert.Single(egress.FileResults);
        Assert.Equal("recordings/s-1/2025-11-22/010000.mp4", file.Filename);
        Assert.Equal(12345678, file.Size);
        Assert.True(result.Event.TryGetSessionId(out var sessionId));
        Assert.Equal("s-1", sessionId);
    }

    [Fact]
    public void TrackDeliveryCarriesTheTrack()
    {
        var result = receiver.Receive(Encoding.UTF8.GetBytes(SignedWebhooks.TrackPublishedBody), signed.TrackPublished.Authorization);

        Assert.True(result.IsAccepted, result.Detail);
        Assert.True(signed.TrackPublished.ReceiverAccepts);
        Assert.Equal(LiveKitWebhookEvents.TrackPublished, result.Event!.Event);
        Assert.Equal(new LiveKitTrack { Sid = "TR_9", Type = "AUDIO", Source = "MICROPHONE", Name = "mic", Muted = true }, result.Event.Track);
        Assert.Equal("p-ann", result.Event.Participant!.Identity);
    }

    [Fact]
    public void TamperedBodyIsRefused()
    {
        var tampered = SignedWebhooks.ParticipantJoinedBody.Replace("p-ann", "p-eve", StringComparison.Ordinal);

        var result = receiver.Receive(Encoding.UTF8.GetBytes(tampered), signed.ParticipantJoined.Authorization);

        Assert.False(result.IsAccepted);
        Assert.Equal(LiveKitWebhookRejection.BodyHashMismatch, result.Rejection);
    }

    [Fact]
    public void WrongSecretWrongKeyMissingHeaderAndExpiryAreRefused()
    {
        var body = Encoding.UTF8.GetBytes(SignedWebhooks.ParticipantJoinedBody);

        var wrongSecret = receiver.Receive(body, signed.WrongSecret.Authorization);
        var wrongKey = receiver.Receive(body, signed.WrongKey.Authorization);
        var missing = receiver.Receive(body, null);
        var empty = receiver.Receive(body, "   ");
        var expired = receiver.Receive(body, signed.Expired.Authorization);
        var garbage = receiver.Receive(body, "not.a.jwt");

        Assert.Equal((LiveKitWebhookRejection.InvalidToken, LiveKitTokenFailure.BadSignature), (wrongSecret.Rejection, wrongSecret.TokenFailure));
        Assert.Equal((LiveKitWebhookRejection.InvalidToken, LiveKitTokenFailure.WrongIssuer), (wrongKey.Rejection, wrongKey.TokenFailure));
        Assert.Equal(LiveKitWebhookRejection.MissingAuthorization, missing.Rejection);
        Assert.Equal(LiveKitWebhookRejection.MissingAuthorization, empty.Rejection);
        Assert.Equal((LiveKitWebhookRejection.InvalidToken, LiveKitTokenFailure.Expired), (expired.Rejection, expired.TokenFailure));
        Assert.Equal(LiveKitWebhookRejection.InvalidToken, garbage.Rejection);

        // LiveKit's own receiver refuses the same deliveries.
        Assert.False(signed.Expired.ReceiverAccepts);
        Assert.True(signed.WrongSecret.ReceiverAccepts, "signed and checked with the same (other) secret inside node");
    }

    [Fact]
    public void TokenWithoutBodyHashIsRefused()
    {
        // An ordinary access token (no sha256 claim) must not authorize any body.
        var token = new LiveKitTokenIssuer(LiveKitTestSettings.Options(), TimeProvider.System).CreateServiceToken(LiveKitServiceGrants.RoomRecord);

        var result = receiver.Receive(Encoding.UTF8.GetBytes(SignedWebhooks.ParticipantJoinedBody), token);

        Assert.Equal(LiveKitWebhookRejection.MissingBodyHash, result.Rejection);
    }

    [Fact]
    public void SignedButMeaninglessBodyIsRefusedAsMalformed()
    {
        var body = """{"id":"EV_x","createdAt":"1"}"""u8.ToArray();
        var claims = new LiveKitTokenClaims
        {
            Issuer = LiveKitTestSettings.ApiKey,
            NotBefore = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Expires = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60,
            Sha256 = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(body)),
        };

        var result = receiver.Receive(body, LiveKitJwt.Sign(claims, LiveKitTestSettings.ApiSecret));

        Assert.Equal(LiveKitWebhookRejection.MalformedBody, result.Rejection);
    }
}
