using System.Net;

namespace ActorStudio.Node.Cluster;

/// <summary>
/// Forwards one HTTP request to another node and copies its answer back (a small reverse proxy: method, path,
/// query, headers except hop-by-hop ones, body). The forwarded request carries <see cref="ForwardedByHeader"/>, and a
/// node never forwards a request that already has it: no loops whatever the leases say.
/// </summary>
public sealed class ClusterForwarder(HttpClient client, NodeIdentity identity, ClusterState state, ILogger<ClusterForwarder> logger)
{
    public const string ForwardedByHeader = "X-Studio-Forwarded-By";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "Host", "Content-Length",
    };

    public static bool WasForwarded(HttpContext http) => http.Request.Headers.ContainsKey(ForwardedByHeader);

    /// <summary>False when the other node could not be reached (the caller decides what to answer).</summary>
    public async Task<bool> ForwardAsync(HttpContext http, string targetNodeId, string targetPublicUrl, CancellationToken cancellationToken)
    {
        var target = new Uri(targetPublicUrl.TrimEnd('/') + http.Request.Path + http.Request.QueryString);
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), target);
        if (http.Request.ContentLength is > 0 || http.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            request.Content = new StreamContent(http.Request.Body);
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation(ForwardedByHeader, identity.NodeId);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", http.Connection.RemoteIpAddress?.ToString() ?? string.Empty);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", http.Request.Host.Value ?? string.Empty);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", http.Request.Scheme);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Could not forward {Method} {Path} to node {OwnerNodeId}", http.Request.Method, http.Request.Path.Value, targetNodeId);
            return false;
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Forwarding {Method} {Path} to node {OwnerNodeId} timed out", http.Request.Method, http.Request.Path.Value, targetNodeId);
            return false;
        }

        using (response)
        {
            state.CountForwarded();
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers)
            {
                if (!HopByHop.Contains(name))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            foreach (var (name, values) in response.Content.Headers)
            {
                if (!HopByHop.Contains(name))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            http.Response.Headers[ForwardedByHeader] = targetNodeId;
            if (response.StatusCode != HttpStatusCode.NoContent && http.Request.Method != HttpMethods.Head)
            {
                await response.Content.CopyToAsync(http.Response.Body, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }
}
