using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections.Features;
using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Sessions;
using ActorStudio.Node.Cluster;
using ActorStudio.Node.Sessions.Http;
using ActorStudio.Node.Sessions.Security;
using ActorStudio.Protocol;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>The session WebSocket, <c>/api/sessions/{sessionId}/ws</c> (the join response's <c>wsUrl</c>).</summary>
public static class SessionSocketEndpoint
{
    public static IEndpointRouteBuilder MapSessionSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/api/sessions/{sessionId}/ws", AcceptAsync);
        return endpoints;
    }

    private static async Task AcceptAsync(string sessionId, HttpContext http, SocketOriginPolicy origins)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("WebSocket upgrade expected.", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!origins.Allows(http.Request))
        {
            await SessionProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "This origin may not open the session socket.", "Origin " + http.Request.Headers.Origin + " is not in Studio:AllowedOrigins.")
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        // Reached over TLS, HTTP/2 or a host without a raw socket; plain HTTP/1.1 upgrades are taken at the
        // connection level (SessionSocketConnectionHandler) before a request is made for them.
        SetSendBuffer(http.Features.Get<IConnectionSocketFeature>()?.Socket, http.RequestServices.GetRequiredService<SessionSettings>());

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = KeepAliveInterval,
            KeepAliveTimeout = KeepAliveTimeout,
        }).ConfigureAwait(false);
        await ServeAsync(socket, new WebSocketOutboundPump(socket), sessionId, http.RequestServices, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Protocol-level pings keep NATs open and find dead peers without any application traffic.</summary>
    internal static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(20);

    internal static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(40);

    /// <summary>A session socket's kernel send buffer (<see cref="SessionSettings.SocketSendBufferBytes"/>), either path.</summary>
    internal static void SetSendBuffer(System.Net.Sockets.Socket? socket, SessionSettings settings)
    {
        if (socket is not null && settings.SocketSendBufferBytes > 0)
        {
            socket.SendBufferSize = settings.SocketSendBufferBytes;
        }
    }

    /// <summary>Runs an accepted session socket to its end, whichever way it was upgraded.</summary>
    internal static async Task ServeAsync(WebSocket socket, OutboundPump pump, string sessionId, IServiceProvider services, CancellationToken aborted)
    {
        var metrics = services.GetRequiredService<StudioMetrics>();
        var connection = new SessionSocket(socket, pump, sessionId,
            services.GetRequiredService<SessionGateway>(),
            services.GetRequiredService<AppTokenService>(),
            services.GetRequiredService<SessionSettings>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<SessionSocket>(),
            services.GetService<SessionRouter>(),
            services.GetService<NodeConnections>());
        metrics.ConnectionOpened();
        try
        {
            await connection.RunAsync(aborted).ConfigureAwait(false);
        }
        finally
        {
            var reason = ClosedReason(socket);
            metrics.ConnectionClosed(reason);
            if (reason == "slow_consumer")
            {
                metrics.SlowConsumerDisconnected();
            }

            if (connection.DroppedFrames > 0)
            {
                metrics.OutboundDropped("coalesced", (int)Math.Min(int.MaxValue, connection.DroppedFrames));
            }
        }
    }

    /// <summary>A small fixed set for the metrics label: how the socket ended, from the close code.</summary>
    private static string ClosedReason(WebSocket socket) => socket.CloseStatus switch
    {
        null => socket.State == WebSocketState.Aborted ? "aborted" : "dropped",
        WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable => "normal",
        WebSocketCloseStatus.PolicyViolation or WebSocketCloseStatus.ProtocolError or WebSocketCloseStatus.MessageTooBig => "protocol_error",
        var code => (int)code switch
        {
            CloseCodes.AuthFailed => "auth_failed",
            CloseCodes.TokenExpired => "token_expired",
            CloseCodes.UnsupportedVersion => "unsupported_version",
            CloseCodes.ProtocolError => "protocol_error",
            CloseCodes.HandshakeTimeout => "handshake_timeout",
            CloseCodes.Moved => "moved",
            CloseCodes.SlowConsumer => "slow_consumer",
            CloseCodes.TooManyConnections => "too_many_connections",
            CloseCodes.Kicked => "kicked",
            CloseCodes.SessionEnded => "session_ended",
            CloseCodes.ServerShuttingDown => "shutting_down",
            CloseCodes.InternalError => "internal_error",
            _ => "other",
        },
    };

    /// <summary>The close reason must fit a control frame (123 UTF-8 bytes).</summary>
    internal static string TrimReason(string reason)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var chars = reason.AsSpan();
        while (System.Text.Encoding.UTF8.GetByteCount(chars) > 120)
        {
            chars = chars[..^1];
        }

        return chars.ToString();
    }

    internal static readonly int MaxFrameBytes = ProtocolLimits.MaxClientFrameBytes;
}
