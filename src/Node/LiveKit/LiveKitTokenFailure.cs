namespace ActorStudio.Node.LiveKit;

/// <summary>Why a LiveKit token was not accepted.</summary>
public enum LiveKitTokenFailure
{
    None,
    Missing,
    Malformed,
    UnsupportedAlgorithm,
    BadSignature,
    WrongIssuer,
    MissingExpiry,
    NotYetValid,
    Expired,
}
