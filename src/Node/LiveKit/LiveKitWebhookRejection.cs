namespace ActorStudio.Node.LiveKit;

/// <summary>Why a webhook delivery was refused.</summary>
public enum LiveKitWebhookRejection
{
    None,
    MissingAuthorization,
    InvalidToken,
    MissingBodyHash,
    BodyHashMismatch,
    MalformedBody,
}
