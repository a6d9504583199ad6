using ActorStudio.Node.Sessions.Http;
using ActorStudio.Protocol;

namespace ActorStudio.Node.Cluster;

/// <summary>
/// HTTP requests for a session reach its owner: <c>/api/sessions/{id}</c> and everything under it (except the
/// socket, which answers Moved itself) is FORWARDED to the owner node when another node holds the lease, so clients
/// never see another origin. <c>POST /api/sessions</c> (a new session) is forwarded to the least-loaded live node.
/// While the owner is silent and its lease still runs, the answer is 503 <c>unavailable</c> with Retry-After.
/// </summary>
public sealed class ClusterRoutingMiddleware(RequestDelegate next)
{
    private const string Prefix = "/api/sessions";

    public async Task InvokeAsync(HttpContext http, SessionRouter router, ClusterForwarder forwarder)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || ClusterForwarder.WasForwarded(http))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var rest = path.AsSpan(Prefix.Length).TrimEnd('/');
        if (rest.IsEmpty)
        {
            if (HttpMethods.IsPost(http.Request.Method)
                && await router.ChooseNodeForNewSessionAsync(http.RequestAborted).ConfigureAwait(false) is { } target
                && target.NodeId != router.Identity.NodeId
                && await forwarder.ForwardAsync(http, target.NodeId, target.PublicUrl, http.RequestAborted).ConfigureAwait(false))
            {
                return;
            }

            await next(http).ConfigureAwait(false);
            return;
        }

        if (rest[0] != '/')
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        rest = rest[1..];
        var slash = rest.IndexOf('/');
        var sessionId = (slash < 0 ? rest : rest[..slash]).ToString();
        var tail = slash < 0 ? ReadOnlySpan<char>.Empty : rest[(slash + 1)..];
        if (tail.SequenceEqual("ws") || !Sessions.Security.SecureIds.LooksLikeSessionId(sessionId))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var route = await router.RouteAsync(sessionId, http.RequestAborted).ConfigureAwait(false);
        switch (route.Kind)
        {
            case SessionRouteKind.Local:
                await next(http).ConfigureAwait(false);
                return;
            case SessionRouteKind.Remote when await forwarder.ForwardAsync(http, route.NodeId!, route.PublicUrl!, http.RequestAborted).ConfigureAwait(false):
                return;
            default:
                var retry = route.RetryAfter ?? TimeSpan.FromSeconds(1);
                await SessionProblems.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                        "The session is moving to another node; retry shortly.", retryAfter: retry)
                    .ExecuteAsync(http).ConfigureAwait(false);
                return;
        }
    }
}
