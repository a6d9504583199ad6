using System.Net.WebSockets;
using ActorStudio.Actors.Sessions;
using ActorStudio.Node.Hosting;
using ActorStudio.Node.Observability;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// Kestrel connection middleware that takes session socket upgrades before the HTTP server makes a request of them.
/// An upgraded HTTP/1.1 request stays alive under its WebSocket for the socket's whole life — the connection's request
/// and response state, header collections, the request's services and activity, a few KiB per socket, which is most
/// of what a node holding thousands of idle classroom sockets spends — and every frame then crosses the request's
/// output pipe and a thread hop. Taken here, a session socket is the TCP connection, a <see cref="WebSocket"/> reading
/// Kestrel's transport pipe, and a <see cref="SocketOutboundPump"/> writing to the socket itself.
/// Only plain-TCP connections whose first request is a well-formed upgrade of <c>/api/sessions/{id}/ws</c> from an
/// allowed origin are taken (<see cref="WebSocketHandshake"/>); every other connection, TLS included, goes on to the
/// HTTP server untouched, where the same socket endpoint serves it through ASP.NET Core's WebSocket support.
/// </summary>
internal sealed class SessionSocketConnectionHandler(ConnectionDelegate next, IServiceProvider services)
{
    /// <summary>How long a connection may take to send its first request head before it is left to the HTTP server (a head is one segment; Kestrel then applies its own 30 s).</summary>
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    private readonly SocketOriginPolicy origins = services.GetRequiredService<SocketOriginPolicy>();
    private readonly SessionSettings settings = services.GetRequiredService<SessionSettings>();
    private readonly bool enabled = services.GetRequiredService<IOptions<StudioOptions>>().Value.ConnectionLevelSockets;
    private readonly ILogger logger = services.GetRequiredService<ILogger<SessionSocketConnectionHandler>>();

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (!enabled
            || connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket
            || connection.Features.Get<ITlsHandshakeFeature>() is not null)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var request = await ReadUpgradeAsync(connection).ConfigureAwait(false);
        if (request is null)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        SessionSocketEndpoint.SetSendBuffer(socket, settings);

        // The same correlation id, response header and logging scope CorrelationIdMiddleware gives a request.
        var correlationId = CorrelationIdMiddleware.Resolve(request.CorrelationId);
        var pump = new SocketOutboundPump(socket);
        pump.Write(WebSocketHandshake.Accept(request.Key, correlationId));
        using var webSocket = WebSocket.CreateFromStream(new SessionTransportStream(connection.Transport.Input, pump), new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = SessionSocketEndpoint.KeepAliveInterval,
            KeepAliveTimeout = SessionSocketEndpoint.KeepAliveTimeout,
        });
        using (CorrelationIdMiddleware.BeginScope(logger, correlationId))
        {
            await SessionSocketEndpoint.ServeAsync(webSocket, pump, request.SessionId, services, connection.ConnectionClosed).ConfigureAwait(false);
        }

        // The last bytes (a close frame) reach the kernel before Kestrel shuts the socket down; a peer that takes
        // nothing more is cut off.
        var idle = pump.WhenIdleAsync();
        if (await Task.WhenAny(idle, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false) != idle)
        {
            connection.Abort();
        }
    }

    /// <summary>
    /// Looks at the connection's first bytes without taking them unless they are a session socket upgrade. The pipe
    /// cannot "un-examine": once a reader marks bytes examined, its next read waits for new ones, and the HTTP server
    /// reading after us would wait for a request that has already arrived. So this never marks anything examined; a
    /// head that arrives in pieces (rare: a head is a few hundred bytes, one segment) is polled for with a short
    /// back-off instead.
    /// </summary>
    private async Task<SessionSocketRequest?> ReadUpgradeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(HeadTimeout);
        var delay = 1;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                SessionSocketRequest? request = null;
                var headEnd = buffer.Start;
                var kind = result.IsCanceled ? HandshakeKind.NotSessionSocket : WebSocketHandshake.Parse(buffer, out request, out headEnd);
                if (kind == HandshakeKind.SessionSocket && origins.Allows(request!.Origin, request.Host))
                {
                    input.AdvanceTo(headEnd);
                    return request;
                }

                input.AdvanceTo(buffer.Start, buffer.Start);
                if (kind != HandshakeKind.NeedMore || result.IsCompleted)
                {
                    return null;
                }

                await Task.Delay(delay, timeout.Token).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
        }
        catch (OperationCanceledException)
        {
            return null; // no whole head in time, or the peer left: the HTTP server's own timeouts take it from here
        }
    }
}
