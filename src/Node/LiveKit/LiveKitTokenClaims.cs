namespace ActorStudio.Node.LiveKit;

/// <summary>The claims of a LiveKit access token. Times are whole seconds since the Unix epoch, as LiveKit requires.</summary>
public sealed record LiveKitTokenClaims
{
    public required string Issuer { get; init; }

    public string? Subject { get; init; }

    public string? Name { get; init; }

    public string? Metadata { get; init; }

    public required long NotBefore { get; init; }

    public required long Expires { get; init; }

    public long? IssuedAt { get; init; }

    public LiveKitVideoGrant? Video { get; init; }

    /// <summary>Webhook tokens only: standard base64 of the SHA-256 of the raw body.</summary>
    public string? Sha256 { get; init; }
}
