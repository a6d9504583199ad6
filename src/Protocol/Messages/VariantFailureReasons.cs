namespace ActorStudio.Protocol.Messages;

/// <summary>Stable reason strings carried by a failed variant.</summary>
public static class VariantFailureReasons
{
    public const string Safety = "safety";
    public const string RateLimited = "rate_limited";
    public const string ProviderError = "provider_error";
    public const string Timeout = "timeout";
    public const string InvalidInput = "invalid_input";
}
