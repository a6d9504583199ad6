using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Images.Local;

/// <summary>Parses <c>[fail:reason]</c> / <c>[fail:reason#variant]</c> markers in prompts (demo and test aid).</summary>
internal static class PromptFailureTrigger
{
    private const string Marker = "[fail:";

    public static bool TryFind(string prompt, int variant, out ImageFailureReason reason)
    {
        var start = 0;
        while ((start = prompt.IndexOf(Marker, start, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = prompt.IndexOf(']', start);
            if (end < 0)
            {
                break;
            }

            var body = prompt.AsSpan(start + Marker.Length, end - start - Marker.Length);
            start = end;
            var hash = body.IndexOf('#');
            if (hash >= 0)
            {
                if (!int.TryParse(body[(hash + 1)..], out var only) || only != variant)
                {
                    continue;
                }

                body = body[..hash];
            }

            if (TryParseReason(body, out reason))
            {
                return true;
            }
        }

        reason = default;
        return false;
    }

    private static bool TryParseReason(ReadOnlySpan<char> text, out ImageFailureReason reason)
    {
        switch (text)
        {
            case "safety": reason = ImageFailureReason.Safety; return true;
            case "rate_limited": reason = ImageFailureReason.RateLimited; return true;
            case "provider_error": reason = ImageFailureReason.ProviderError; return true;
            case "timeout": reason = ImageFailureReason.Timeout; return true;
            case "invalid_input": reason = ImageFailureReason.InvalidInput; return true;
            default: reason = default; return false;
        }
    }
}
