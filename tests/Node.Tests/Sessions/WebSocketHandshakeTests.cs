using System.Buffers;
using System.Text;
using ActorStudio.Node.Sessions.Transport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>
/// The connection-level upgrade parser: a well-formed RFC 6455 upgrade of the session socket is taken; everything
/// else — however close — is left for the HTTP server (NotSessionSocket), and an incomplete head asks for more.
/// </summary>
public sealed class WebSocketHandshakeTests
{
    private const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455 §1.3

    private static string Head(
        string requestLine = "GET /api/sessions/s_1-A/ws HTTP/1.1",
        string? extra = null,
        string host = "Host: example.test:8080",
        string upgrade = "Upgrade: websocket",
        string connection = "Connection: Upgrade",
        string version = "Sec-WebSocket-Version: 13",
        string key = "Sec-WebSocket-Key: " + SampleKey)
    {
        var lines = new[] { requestLine, host, upgrade, connection, version, key, extra }.Where(l => !string.IsNullOrEmpty(l));
        return string.Join("\r\n", lines) + "\r\n\r\n";
    }

    private static (HandshakeKind Kind, SessionSocketRequest? Request, long Consumed) Parse(ReadOnlySequence<byte> buffer)
    {
        var kind = WebSocketHandshake.Parse(buffer, out var request, out var headEnd);
        return (kind, request, buffer.Slice(0, headEnd).Length);
    }

    private static (HandshakeKind Kind, SessionSocketRequest? Request, long Consumed) Parse(string head) =>
        Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(head)));

    [Fact]
    public void The_accept_answer_is_the_rfc_6455_sample()
    {
        var response = Encoding.ASCII.GetString(WebSocketHandshake.Accept(SampleKey));

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nUpgrade: websocket\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: Upgrade\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public void The_accept_answer_carries_the_correlation_id_when_given_one()
    {
        Assert.DoesNotContain("X-Correlation-Id", Encoding.ASCII.GetString(WebSocketHandshake.Accept(SampleKey)), StringComparison.Ordinal);
        var response = Encoding.ASCII.GetString(WebSocketHandshake.Accept(SampleKey, "lb-7f3a.42"));
        Assert.Contains("\r\nX-Correlation-Id: lb-7f3a.42\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", response, StringComparison.Ordinal);
        Assert.Equal(2, response.Split("\r\n\r\n").Length); // one head end only
    }

    [Fact]
    public void The_correlation_id_header_is_read_as_sent()
    {
        Assert.Equal("lb-1", Parse(Head(extra: "x-correlation-id: lb-1")).Request!.CorrelationId);
        Assert.Null(Parse(Head()).Request!.CorrelationId);
    }

    [Fact]
    public void A_well_formed_upgrade_is_taken_with_its_fields_and_the_head_consumed_exactly()
    {
        var head = Head(extra: "Origin: http://example.test:8080");
        var bytes = Encoding.Latin1.GetBytes(head + "\x82\x85rest-of-first-frame");

        var (kind, request, consumed) = Parse(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(HandshakeKind.SessionSocket, kind);
        Assert.Equal(new SessionSocketRequest("s_1-A", SampleKey, "example.test:8080", "http://example.test:8080"), request);
        Assert.Equal(Encoding.Latin1.GetByteCount(head), consumed);
    }

    [Fact]
    public void A_head_split_across_many_segments_is_read_whole()
    {
        var bytes = Encoding.Latin1.GetBytes(Head());

        // Cuts inside the request prefix, inside a header name, and right through the final CRLF CRLF.
        foreach (var cuts in new[] { new[] { 3, 10, 40, 90 }, [bytes.Length - 3, bytes.Length - 1], Enumerable.Range(1, bytes.Length - 1).ToArray() })
        {
            var (kind, request, consumed) = Parse(HeadSegments.Split(bytes, cuts));
            Assert.Equal(HandshakeKind.SessionSocket, kind);
            Assert.Equal("s_1-A", request!.SessionId);
            Assert.Equal(bytes.Length, consumed);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(18)] // exactly "GET /api/sessions/"
    [InlineData(40)]
    [InlineData(-2)] // all but the final CRLF
    [InlineData(-1)]
    public void A_partial_head_needs_more(int length)
    {
        var bytes = Encoding.Latin1.GetBytes(Head());
        var partial = bytes.AsMemory(0, length >= 0 ? length : bytes.Length + length);

        var kind = WebSocketHandshake.Parse(new ReadOnlySequence<byte>(partial), out var request, out _);

        Assert.Equal(HandshakeKind.NeedMore, kind);
        Assert.Null(request);
    }

    [Fact]
    public void Another_request_is_not_ours_as_soon_as_its_first_bytes_differ()
    {
        Assert.Equal(HandshakeKind.NotSessionSocket, Parse("GET /hea").Kind);
        Assert.Equal(HandshakeKind.NotSessionSocket, Parse("POST").Kind);
        Assert.Equal(HandshakeKind.NotSessionSocket, Parse("\x16\x03\x01").Kind); // a TLS ClientHello
    }

    public static TheoryData<string, string> NotOurs => new()
    {
        { "POST", Head(requestLine: "POST /api/sessions/s1/ws HTTP/1.1") },
        { "HTTP/1.0", Head(requestLine: "GET /api/sessions/s1/ws HTTP/1.0") },
        { "other path", Head(requestLine: "GET /api/sessions/s1/other HTTP/1.1") },
        { "nested path", Head(requestLine: "GET /api/sessions/a/b/ws HTTP/1.1") },
        { "empty id", Head(requestLine: "GET /api/sessions//ws HTTP/1.1") },
        { "session id with %", Head(requestLine: "GET /api/sessions/s%31/ws HTTP/1.1") },
        { "extra space in request line", Head(requestLine: "GET  /api/sessions/s1/ws HTTP/1.1") },
        { "missing key", Head(key: "") },
        { "key of 15 bytes", Head(key: "Sec-WebSocket-Key: " + Convert.ToBase64String(new byte[15])) },
        { "key of 17 bytes", Head(key: "Sec-WebSocket-Key: " + Convert.ToBase64String(new byte[17])) },
        { "key not base64", Head(key: "Sec-WebSocket-Key: not*base64*at*all*!!") },
        { "version 8", Head(version: "Sec-WebSocket-Version: 8") },
        { "missing version", Head(version: "") },
        { "no Upgrade header", Head(upgrade: "") },
        { "Upgrade: h2c", Head(upgrade: "Upgrade: h2c") },
        { "Connection: keep-alive only", Head(connection: "Connection: keep-alive") },
        { "no Connection header", Head(connection: "") },
        { "missing Host", Head(host: "") },
        { "Content-Length: 5", Head(extra: "Content-Length: 5") },
        { "Transfer-Encoding", Head(extra: "Transfer-Encoding: chunked") },
        { "duplicate Host", Head(extra: "Host: other.test") },
        { "folded header line", Head(extra: "X-Note: first\r\n  folded continuation") },
        { "space before colon", Head(extra: "Origin : http://example.test") },
        { "header without colon", Head(extra: "NoColonHere") },
    };

    [Theory]
    [MemberData(nameof(NotOurs))]
    public void Anything_else_is_left_to_the_http_server(string why, string head)
    {
        var (kind, request, _) = Parse(head);

        Assert.True(kind == HandshakeKind.NotSessionSocket, $"{why}: {kind}");
        Assert.Null(request);
    }

    [Theory]
    [InlineData("GET /api/sessions/s1/ws HTTP/1.1\nHost: h\n\n")]
    [InlineData("GET /api/sessions/s1/ws HTTP/1.1\nHo")] // not complete, but already not ours: no waiting for more
    [InlineData("GET /api/sessions/s1/ws HTTP/1.1\r\nHost: h\nUpgrade: websocket\r\n")]
    public void A_head_with_a_bare_LF_is_left_to_the_http_server_at_once(string head)
    {
        Assert.Equal(HandshakeKind.NotSessionSocket, Parse(head).Kind);
        Assert.Equal(HandshakeKind.NotSessionSocket, Parse(HeadSegments.Split(Encoding.Latin1.GetBytes(head), 5, 32, 33)).Kind);
    }

    [Theory]
    [InlineData("Host: a\rb", null)]
    [InlineData("Host: h", "X-Note: a\rb")]
    [InlineData("Host: h", "X-Note: a\0b")]
    public void A_bare_CR_or_a_NUL_in_a_header_is_left_to_the_http_server(string host, string? extra)
    {
        Assert.Equal(HandshakeKind.NotSessionSocket, Parse(Head(host: host, extra: extra)).Kind);
    }

    [Fact]
    public void A_head_over_8_KiB_is_left_to_the_http_server_complete_or_not()
    {
        var big = Head(extra: "X-Padding: " + new string('a', WebSocketHandshake.MaxHeadBytes));
        Assert.Equal(HandshakeKind.NotSessionSocket, Parse(big).Kind);

        // Without its end yet: no point waiting for more.
        var open = Encoding.Latin1.GetBytes(big[..^4]);
        Assert.Equal(HandshakeKind.NotSessionSocket, WebSocketHandshake.Parse(new ReadOnlySequence<byte>(open), out _, out _));

        // Just under the limit is still taken.
        var fits = Head(extra: "X-Padding: ");
        fits = Head(extra: "X-Padding: " + new string('a', WebSocketHandshake.MaxHeadBytes - Encoding.Latin1.GetByteCount(fits) + 4));
        Assert.Equal(WebSocketHandshake.MaxHeadBytes, Encoding.Latin1.GetByteCount(fits) - 4);
        Assert.Equal(HandshakeKind.SessionSocket, Parse(fits).Kind);
    }

    [Fact]
    public void Header_names_are_case_insensitive_and_token_lists_are_read()
    {
        var head = "GET /api/sessions/s1/ws HTTP/1.1\r\nhOST: h\r\nupgrade: WebSocket\r\nCONNECTION: keep-alive, Upgrade\r\n"
            + "sec-websocket-version: 13\r\nSEC-WEBSOCKET-KEY: " + SampleKey + "\r\norigin: http://h\r\n\r\n";

        var (kind, request, _) = Parse(head);

        Assert.Equal(HandshakeKind.SessionSocket, kind);
        Assert.Equal(new SessionSocketRequest("s1", SampleKey, "h", "http://h"), request);
    }

    [Fact]
    public void Connection_keep_alive_with_upgrade_is_accepted_in_one_header_or_two()
    {
        Assert.Equal(HandshakeKind.SessionSocket, Parse(Head(connection: "Connection: keep-alive, Upgrade")).Kind);
        Assert.Equal(HandshakeKind.SessionSocket, Parse(Head(connection: "Connection: keep-alive\r\nConnection: Upgrade")).Kind);
        Assert.Equal(HandshakeKind.SessionSocket, Parse(Head(extra: "Content-Length: 0")).Kind);
    }

    [Fact]
    public void A_query_string_is_accepted_and_not_part_of_the_session_id()
    {
        var (kind, request, _) = Parse(Head(requestLine: "GET /api/sessions/s1/ws?token=abc&x=%20 HTTP/1.1"));

        Assert.Equal(HandshakeKind.SessionSocket, kind);
        Assert.Equal("s1", request!.SessionId);
    }
}
