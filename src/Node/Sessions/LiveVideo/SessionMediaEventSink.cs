using ActorStudio.Actors.Sessions.LiveVideo;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Sessions.LiveVideo;

/// <summary>
/// Turns verified LiveKit webhooks into session events: routed by room name (<c>studio-{sessionId}</c>) through the
/// shard region to the owning <c>SessionActor</c>, which journals each webhook id once. Throws when the session
/// could not record it, so the endpoint answers 500 and LiveKit delivers again.
/// </summary>
public sealed class SessionMediaEventSink(SessionGateway gateway, ILogger<SessionMediaEventSink> logger) : ILiveKitEventSink
{
    public async ValueTask HandleAsync(LiveKitWebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (!IsJournaled(webhookEvent.Event))
        {
            logger.LogDebug("LiveKit webhook {WebhookId} ({WebhookEvent}) is not journaled", webhookEvent.Id, webhookEvent.Event);
            return;
        }

        if (!webhookEvent.TryGetSessionId(out var sessionId))
        {
            logger.LogInformation("LiveKit webhook {WebhookId} ({WebhookEvent}) names no studio room; ignored", webhookEvent.Id, webhookEvent.Event);
            return;
        }

        if (webhookEvent.Id.Length == 0)
        {
            // Without an id the journal cannot deduplicate retries; LiveKit always sends one.
            logger.LogWarning("LiveKit webhook ({WebhookEvent}) for session {SessionId} has no id; ignored", webhookEvent.Event, sessionId);
            return;
        }

        var reply = await gateway.AskAsync(sessionId, ToMessage(webhookEvent), cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case MediaWebhookOutcome outcome:
                logger.LogInformation(
                    "LiveKit webhook {WebhookId} ({WebhookEvent}) for session {SessionId}: {Outcome} at seq {Seq}",
                    webhookEvent.Id, webhookEvent.Event, sessionId, outcome.Duplicate ? "duplicate" : "journaled", outcome.Seq);
                return;
            case SessionNotFound:
                // A room whose session does not exist (deleted, another deployment on the same LiveKit): nothing to retry.
                logger.LogWarning("LiveKit webhook {WebhookId} ({WebhookEvent}) for unknown session {SessionId}; ignored", webhookEvent.Id, webhookEvent.Event, sessionId);
                return;
            default:
                throw new InvalidOperationException($"Session {sessionId} did not record webhook {webhookEvent.Id}: {reply}");
        }
    }

    private static bool IsJournaled(string kind) => kind is
        LiveKitWebhookEvents.ParticipantJoined or LiveKitWebhookEvents.ParticipantLeft or LiveKitWebhookEvents.RoomFinished or
        LiveKitWebhookEvents.TrackPublished or LiveKitWebhookEvents.TrackUnpublished or
        LiveKitWebhookEvents.EgressStarted or LiveKitWebhookEvents.EgressUpdated or LiveKitWebhookEvents.EgressEnded;

    internal static MediaWebhookReceived ToMessage(LiveKitWebhookEvent e)
    {
        var egress = e.EgressInfo;
        string? location = null;
        if (egress is { FileResults.Count: > 0 })
        {
            // The object key (filename) is what the host's link is presigned from; the location URL is the fallback.
            var file = egress.FileResults[0];
            location = file.Filename.Length > 0 ? file.Filename : file.Location.Length > 0 ? file.Location : null;
        }

        return new MediaWebhookReceived(
            e.Id,
            e.Event,
            e.Participant is { Identity.Length: > 0 } p ? p.Identity : null,
            e.Track is { Sid.Length: > 0 } t ? t.Sid : null,
            e.Track?.Source,
            egress is { EgressId.Length: > 0 } ? egress.EgressId : null,
            egress?.Status,
            location,
            egress is { Error.Length: > 0 } ? egress.Error : null,
            e.CreatedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(e.CreatedAt) : null);
    }
}
