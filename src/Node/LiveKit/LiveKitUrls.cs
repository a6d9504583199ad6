namespace ActorStudio.Node.LiveKit;

/// <summary>LiveKit is configured with the browser URL (ws/wss); its API answers on the same host over http/https.</summary>
public static class LiveKitUrls
{
    public static Uri ToApiBase(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"LiveKit URL '{url}' is not an absolute URL.", nameof(url));
        }

        var scheme = uri.Scheme switch
        {
            "ws" or "http" => Uri.UriSchemeHttp,
            "wss" or "https" => Uri.UriSchemeHttps,
            _ => throw new ArgumentException($"LiveKit URL '{url}' must use ws, wss, http or https.", nameof(url)),
        };

        var builder = new UriBuilder(uri) { Scheme = scheme, Port = uri.IsDefaultPort ? -1 : uri.Port };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    public static bool IsValid(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Scheme is "ws" or "wss" or "http" or "https";
    }
}
