namespace ActorStudio.Node.LiveKit;

/// <summary>Either a verified event or the reason the delivery was refused (never both).</summary>
public sealed record LiveKitWebhookResult(
    LiveKitWebhookEvent? Event,
    LiveKitWebhookRejection Rejection,
    LiveKitTokenFailure TokenFailure,
    string? Detail)
{
    public bool IsAccepted => Event is not null;

    public static LiveKitWebhookResult Accept(LiveKitWebhookEvent webhookEvent) =>
        new(webhookEvent, LiveKitWebhookRejection.None, LiveKitTokenFailure.None, null);

    public static LiveKitWebhookResult Reject(LiveKitWebhookRejection rejection, string detail, LiveKitTokenFailure tokenFailure = LiveKitTokenFailure.None) =>
        new(null, rejection, tokenFailure, detail);
}
