using ActorStudio.Node.Hosting;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// Which browser origins may open the session socket. The socket authenticates with the app token in its first
/// frame, never with a cookie, so a page on another site cannot ride on a visitor's credentials; the check is
/// defence in depth for operators who embed the studio in known sites only. With <c>Studio:AllowedOrigins</c>
/// empty (the default) every origin may connect; otherwise the request's own host and the listed origins may, and
/// requests without an Origin header (tools, the load tester; browsers always send one) are let through.
/// </summary>
public sealed class SocketOriginPolicy(IOptions<StudioOptions> options)
{
    private readonly HashSet<string> allowed = new(
        options.Value.AllowedOrigins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0),
        StringComparer.OrdinalIgnoreCase);

    public bool Allows(HttpRequest request)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return allowed.Contains(origin.TrimEnd('/'));
    }
}
