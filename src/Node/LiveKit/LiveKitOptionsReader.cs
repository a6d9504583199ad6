using Microsoft.Extensions.Configuration;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// Reads <see cref="LiveKitOptions"/> from the <c>LiveKit</c> section, then lets the conventional LiveKit variables
/// (<c>LIVEKIT_URL</c>, <c>LIVEKIT_API_KEY</c>, <c>LIVEKIT_API_SECRET</c>, as environment variables or configuration
/// keys) override it, and checks the result.
/// </summary>
public static class LiveKitOptionsReader
{
    public static LiveKitOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new LiveKitOptions();
        configuration.GetSection(LiveKitOptions.SectionName).Bind(options);
        options.Url = Override(configuration["LIVEKIT_URL"], options.Url);
        options.ApiKey = Override(configuration["LIVEKIT_API_KEY"], options.ApiKey);
        options.ApiSecret = Override(configuration["LIVEKIT_API_SECRET"], options.ApiSecret);

        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("LiveKit settings are invalid: " + string.Join("; ", errors));
        }

        return options;
    }

    public static IReadOnlyList<string> Validate(LiveKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.IsDisabled)
        {
            return errors;
        }

        if (string.IsNullOrWhiteSpace(options.Url))
        {
            errors.Add("LIVEKIT_URL (LiveKit:Url) is missing while an API key or secret is set");
        }
        else if (!LiveKitUrls.IsValid(options.Url))
        {
            errors.Add($"LIVEKIT_URL '{options.Url}' must be an absolute ws, wss, http or https URL");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add("LIVEKIT_API_KEY (LiveKit:ApiKey) is missing");
        }

        if (string.IsNullOrWhiteSpace(options.ApiSecret))
        {
            errors.Add("LIVEKIT_API_SECRET (LiveKit:ApiSecret) is missing");
        }

        if (options.TokenTtl <= TimeSpan.Zero || options.ServiceTokenTtl <= TimeSpan.Zero)
        {
            errors.Add("token lifetimes must be positive");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add("LiveKit:RequestTimeout must be positive");
        }

        if (options.MaxParticipants < 0)
        {
            errors.Add("LiveKit:MaxParticipants must not be negative");
        }

        if (options.WebhookMaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add("LiveKit:WebhookMaxBodyBytes must be between 1 KiB and 16 MiB");
        }

        if (options.WebhookRecentIdCapacity < 1)
        {
            errors.Add("LiveKit:WebhookRecentIdCapacity must be at least 1");
        }

        return errors;
    }

    private static string? Override(string? value, string? fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}
