using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>What the first bytes of a connection are, as far as the session socket is concerned.</summary>
internal enum HandshakeKind
{
    /// <summary>Could still become a session socket upgrade: more bytes needed.</summary>
    NeedMore,

    /// <summary>Anything else (another request, a malformed or incomplete upgrade): the HTTP server answers it.</summary>
    NotSessionSocket,

    /// <summary>A well-formed RFC 6455 upgrade of <c>/api/sessions/{id}/ws</c>.</summary>
    SessionSocket,
}

/// <summary>A session socket upgrade request: the fields the handshake, the origin policy and the logs need.</summary>
internal sealed record SessionSocketRequest(string SessionId, string Key, string Host, string? Origin, string? CorrelationId = null);

/// <summary>
/// The server side of the RFC 6455 opening handshake for the session socket, read straight from a connection's first
/// bytes. Strict on purpose: only a request every browser and WebSocket client sends (GET, HTTP/1.1, Host, Upgrade:
/// websocket, Connection: Upgrade, version 13, a 16-byte key, no body) is taken here; everything else goes to the HTTP
/// server unchanged, whose WebSocket endpoint answers the odd cases with its problem details as before.
/// </summary>
internal static class WebSocketHandshake
{
    /// <summary>Longest request head taken here (Kestrel's default limit for all request headers is 32 KiB).</summary>
    public const int MaxHeadBytes = 8 * 1024;

    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455 §1.3
    private const string PathPrefix = "/api/sessions/";
    private const string PathSuffix = "/ws";

    private static ReadOnlySpan<byte> RequestPrefix => "GET /api/sessions/"u8;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    public static HandshakeKind Parse(ReadOnlySequence<byte> buffer, out SessionSocketRequest? request, out SequencePosition headEnd)
    {
        request = null;
        headEnd = buffer.Start;

        Span<byte> start = stackalloc byte[RequestPrefix.Length];
        var available = (int)Math.Min(buffer.Length, RequestPrefix.Length);
        buffer.Slice(0, available).CopyTo(start);
        if (!RequestPrefix.StartsWith(start[..available]))
        {
            return HandshakeKind.NotSessionSocket;
        }

        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd, advancePastDelimiter: true))
        {
            // A head with LF-only line ends never shows a CRLF CRLF: waiting for one would hold a request the HTTP
            // server answers at once (Kestrel accepts bare LF) until the head timeout.
            return buffer.Length > MaxHeadBytes || HasStrayControl(buffer) ? HandshakeKind.NotSessionSocket : HandshakeKind.NeedMore;
        }

        if (head.Length > MaxHeadBytes || HasStrayControl(head))
        {
            return HandshakeKind.NotSessionSocket;
        }

        request = Read(Encoding.Latin1.GetString(head));
        headEnd = reader.Position;
        return request is null ? HandshakeKind.NotSessionSocket : HandshakeKind.SessionSocket;
    }

    /// <summary>
    /// The 101 response that completes the handshake, with the socket's correlation id as every other response has
    /// one (<paramref name="correlationId"/> must already be sane: <c>CorrelationIdMiddleware.Resolve</c>).
    /// </summary>
    public static byte[] Accept(string key, string? correlationId = null)
    {
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
        var correlation = correlationId is null ? string.Empty : "X-Correlation-Id: " + correlationId + "\r\n";
        return Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: " + accept + "\r\n"
            + correlation + "\r\n");
    }

    private static SessionSocketRequest? Read(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[2] != "HTTP/1.1")
        {
            return null;
        }

        var target = requestLine[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal) || !path.EndsWith(PathSuffix, StringComparison.Ordinal)
            || path.Length <= PathPrefix.Length + PathSuffix.Length)
        {
            return null;
        }

        var sessionId = path[PathPrefix.Length..^PathSuffix.Length];
        if (!sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        string? host = null, upgrade = null, connection = null, version = null, key = null, origin = null, correlationId = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line.AsSpan(0, colon).ContainsAny(' ', '\t'))
            {
                return null; // malformed or folded: the HTTP server rejects it properly
            }

            var value = line[(colon + 1)..].Trim(' ', '\t');
            switch (line[..colon].ToLowerInvariant())
            {
                case "host" when host is not null:
                case "content-length" when value != "0":
                case "transfer-encoding":
                    return null; // two hosts, or a body: not a plain upgrade
                case "host":
                    host = value;
                    break;
                case "upgrade":
                    upgrade = value;
                    break;
                case "connection":
                    connection = connection is null ? value : connection + "," + value;
                    break;
                case "sec-websocket-version":
                    version = value;
                    break;
                case "sec-websocket-key":
                    key = value;
                    break;
                case "origin":
                    origin = value;
                    break;
                case "x-correlation-id":
                    correlationId = value;
                    break;
            }
        }

        if (host is null || version != "13" || key is null || !HasToken(upgrade, "websocket") || !HasToken(connection, "upgrade")
            || !IsValidKey(key))
        {
            return null;
        }

        return new SessionSocketRequest(sessionId, key, host, origin, correlationId);
    }

    /// <summary>A LF without its CR, a CR without its LF, or a NUL: not the strict CRLF head taken here.</summary>
    private static bool HasStrayControl(ReadOnlySequence<byte> bytes)
    {
        byte previous = 0;
        foreach (var segment in bytes)
        {
            foreach (var b in segment.Span)
            {
                if (b == 0 || (b == (byte)'\n') != (previous == (byte)'\r'))
                {
                    return true;
                }

                previous = b;
            }
        }

        return false; // a CR as the very last byte may still get its LF
    }

    private static bool HasToken(string? list, string token)
    {
        if (list is null)
        {
            return false;
        }

        foreach (var part in list.Split(','))
        {
            if (part.Trim(' ', '\t').Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }
}
