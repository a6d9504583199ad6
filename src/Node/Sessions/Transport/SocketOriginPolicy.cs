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

    public bool Allows(HttpRequest request) => Allows(request.Headers.Origin.ToString(), request.Host.Value);

    /// <summary>The same decision from the raw header values (the connection-level upgrade has no <see cref="HttpRequest"/>).</summary>
    public bool Allows(string? origin, string? host)
    {
        if (allowed.Count == 0 || string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return allowed.Contains(origin.TrimEnd('/'));
    }
}
