namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>Webhook deliveries signed once per test class by livekit-server-sdk's AccessToken (node).</summary>
public sealed class SignedWebhooks : IAsyncLifetime
{
    public const string ParticipantJoinedBody =
        """{"event":"participant_joined","room":{"sid":"RM_abc","name":"studio-s-1","emptyTimeout":300,"maxParticipants":500,"creationTime":"1763772000","numParticipants":2},"participant":{"sid":"PA_1","identity":"p-ann","name":"Ann","state":"ACTIVE","joinedAt":"1763772001","isPublisher":true,"tracks":[{"sid":"TR_1","type":"VIDEO","source":"CAMERA","name":"cam"}]},"id":"EV_participant_1","createdAt":"1763772002"}""";

    public const string EgressUpdatedBody =
        """{"event":"egress_updated","egressInfo":{"egressId":"EG_7","roomId":"RM_abc","roomName":"studio-s-1","status":"EGRESS_COMPLETE","startedAt":"1763772000000000000","endedAt":"1763772600000000000","fileResults":[{"filename":"recordings/s-1/2025-11-22/010000.mp4","duration":"600000000000","size":"12345678","location":"https://bucket.example/recordings/s-1/2025-11-22/010000.mp4"}]},"id":"EV_egress_1","createdAt":"1763772601"}""";

    public const string TrackPublishedBody =
        """{"event":"track_published","room":{"sid":"RM_abc","name":"studio-s-1"},"participant":{"sid":"PA_1","identity":"p-ann"},"track":{"sid":"TR_9","type":"AUDIO","source":"MICROPHONE","name":"mic","muted":true},"id":"EV_track_1","createdAt":"1763772003"}""";

    public const string OtherSecret = "a-different-secret-that-livekit-does-not-know-01";

    public LiveKitNodeChecks.SignedWebhook ParticipantJoined { get; private set; } = null!;

    public LiveKitNodeChecks.SignedWebhook EgressUpdated { get; private set; } = null!;

    public LiveKitNodeChecks.SignedWebhook TrackPublished { get; private set; } = null!;

    public LiveKitNodeChecks.SignedWebhook Expired { get; private set; } = null!;

    public LiveKitNodeChecks.SignedWebhook WrongSecret { get; private set; } = null!;

    public LiveKitNodeChecks.SignedWebhook WrongKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var right = await LiveKitNodeChecks.SignWebhooksAsync(
            LiveKitTestSettings.ApiKey,
            LiveKitTestSettings.ApiSecret,
            [(ParticipantJoinedBody, "5m"), (EgressUpdatedBody, "5m"), (ParticipantJoinedBody, "-120s"), (TrackPublishedBody, "5m")]);
        ParticipantJoined = right[0];
        EgressUpdated = right[1];
        Expired = right[2];
        TrackPublished = right[3];
        WrongSecret = (await LiveKitNodeChecks.SignWebhooksAsync(LiveKitTestSettings.ApiKey, OtherSecret, [(ParticipantJoinedBody, "5m")]))[0];
        WrongKey = (await LiveKitNodeChecks.SignWebhooksAsync("APIsomeoneelse", LiveKitTestSettings.ApiSecret, [(ParticipantJoinedBody, "5m")]))[0];
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
