namespace ActorStudio.Node.LiveKit;

/// <summary>
/// Where verified LiveKit webhooks go (the session integration turns them into journaled session events and must
/// deduplicate on <see cref="LiveKitWebhookEvent.Id"/>, since LiveKit retries and several nodes may receive the
/// same event). Throwing makes the endpoint answer 500 so that LiveKit delivers the event again.
/// </summary>
public interface ILiveKitEventSink
{
    ValueTask HandleAsync(LiveKitWebhookEvent webhookEvent, CancellationToken cancellationToken);
}
