using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>The HTTP contract of issue 4 over a real Kestrel on loopback.</summary>
public sealed class SessionApiTests
{
    [Fact]
    public async Task Create_then_join_with_each_code_gives_each_role()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync("Art class");

        Assert.Matches("^[a-z2-9]{16}$", session.SessionId);
        Assert.EndsWith("?session=" + session.SessionId, session.InviteUrl, StringComparison.Ordinal);
        Assert.Equal(3, new HashSet<string> { session.HostCode, session.CollaboratorCode, session.ViewerCode }.Count);
        foreach (var role in new[] { "host", "collaborator", "viewer" })
        {
            var joined = await api.JoinAsync(session.SessionId, session.CodeFor(role), "A " + role);
            Assert.Equal(role, joined.Role);
            Assert.False(joined.Rejoined);
            Assert.Equal(JsonValueKind.Null, joined.Json.GetProperty("livekit").ValueKind);
            Assert.Equal($"/api/sessions/{session.SessionId}/ws", joined.WsUrl.AbsolutePath);
            var expires = joined.Json.GetProperty("expiresAt").GetDateTimeOffset();
            Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
        }

        // Codes are accepted the way people type them: lower case, without dashes.
        var typed = await api.JoinAsync(session.SessionId, session.ViewerCode.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), "Typist");
        Assert.Equal("viewer", typed.Role);
    }

    [Fact]
    public async Task Wrong_code_is_403_unknown_session_is_404_and_both_are_problem_details()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();

        using var wrong = await api.PostJoinAsync(session.SessionId, "AAAA-BBBB-CCCC", "Mallory");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("forbidden", (await SessionHttp.ProblemAsync(wrong)).GetProperty("code").GetString());

        using var unknown = await api.PostJoinAsync("abcdefghijkmnpqr", session.HostCode, "Nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await SessionHttp.ProblemAsync(unknown)).GetProperty("code").GetString());

        using var malformed = await api.PostJoinAsync("../../etc", session.HostCode, "Nobody");
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Brute_force_on_one_session_gets_429_with_retry_after_even_with_the_right_code()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();

        for (var i = 0; i < 10; i++)
        {
            using var attempt = await api.PostJoinAsync(session.SessionId, $"WRNG-CODE-{i:0000}", "Guesser");
            Assert.Equal(HttpStatusCode.Forbidden, attempt.StatusCode);
        }

        using var limited = await api.PostJoinAsync(session.SessionId, session.HostCode, "Guesser");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal("rate_limited", (await SessionHttp.ProblemAsync(limited)).GetProperty("code").GetString());

        // Another session is not affected by this one's limit... unless the address is the limited one:
        // the same client address has used up its 10 failures as well.
        var other = await api.CreateAsync();
        using var fromSameAddress = await api.PostJoinAsync(other.SessionId, other.HostCode, "Guesser");
        Assert.Equal(HttpStatusCode.TooManyRequests, fromSameAddress.StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_join_limiter_counts_the_forwarded_client_address()
    {
        // The test client connects over loopback, which is a trusted proxy: its X-Forwarded-For names the client.
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();
        var api = new SessionHttp(http);
        var sessions = new List<CreatedSession>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add(await api.CreateAsync());
        }

        async Task<HttpStatusCode> JoinFromAsync(string client, CreatedSession session, string code)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/join") { Content = JsonContent.Create(new { code, displayName = "Guesser" }) };
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        // Ten failures from one client, spread over three sessions (no session reaches its own limit).
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await JoinFromAsync("203.0.113.7", sessions[i % 3], $"WRNG-CODE-{i:0000}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await JoinFromAsync("203.0.113.7", sessions[3], sessions[3].HostCode));
        // Another client behind the same proxy is not punished for it.
        Assert.Equal(HttpStatusCode.OK, await JoinFromAsync("198.51.100.20", sessions[3], sessions[3].HostCode));
    }

    [Fact]
    public async Task Rejoining_with_the_token_restores_the_same_participant()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var first = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bo");

        var again = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bo", bearer: first.Token);
        Assert.Equal(first.ParticipantId, again.ParticipantId);
        Assert.True(again.Rejoined);

        // Without the token it is a new person, even with the same name.
        var stranger = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bo");
        Assert.NotEqual(first.ParticipantId, stranger.ParticipantId);

        using var view = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", first.Token);
        var json = await view.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, json.GetProperty("participants").GetArrayLength());
    }

    [Fact]
    public async Task Snapshot_and_chat_need_a_token_of_this_session()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var other = await api.CreateAsync();
        var host = await api.JoinAsync(session.SessionId, session.HostCode, "Host");
        var outsider = await api.JoinAsync(other.SessionId, other.ViewerCode, "Outsider");

        using var none = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var forged = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", host.Token[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        using var foreign = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", outsider.Token);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        using var chat = await api.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/chat", outsider.Token, new { text = "hi" });
        Assert.Equal(HttpStatusCode.Forbidden, chat.StatusCode);
    }

    [Fact]
    public async Task Chat_over_http_is_idempotent_and_in_the_snapshot_as_text()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();
        var viewer = await api.JoinAsync(session.SessionId, session.ViewerCode, "Vi");

        using var first = await api.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/chat", viewer.Token, new { text = "<script>alert(1)</script>\u0007 hello", commandId = "cmd-1" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var ack1 = await first.Content.ReadFromJsonAsync<JsonElement>();
        using var resent = await api.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/chat", viewer.Token, new { text = "<script>alert(1)</script>\u0007 hello", commandId = "cmd-1" });
        var ack2 = await resent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ack1.GetProperty("seq").GetInt64(), ack2.GetProperty("seq").GetInt64());

        using var view = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", viewer.Token);
        var json = await view.Content.ReadFromJsonAsync<JsonElement>();
        var chat = json.GetProperty("chat");
        Assert.Equal(1, chat.GetArrayLength());
        Assert.Equal("<script>alert(1)</script> hello", chat[0].GetProperty("text").GetString());
        Assert.Equal("viewer", chat[0].GetProperty("role").GetString());
        Assert.Equal("Vi", json.GetProperty("me").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Bad_names_and_bodies_get_clear_errors()
    {
        await using var server = await StudioServer.StartAsync();
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync();

        using var longName = await api.PostJoinAsync(session.SessionId, session.ViewerCode, new string('x', 10_000));
        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        Assert.Equal("invalid_input", (await SessionHttp.ProblemAsync(longName)).GetProperty("code").GetString());

        using var controlOnly = await api.PostJoinAsync(session.SessionId, session.ViewerCode, "\u0000\u0001\u200b");
        Assert.Equal(HttpStatusCode.BadRequest, controlOnly.StatusCode);

        var cleaned = await api.JoinAsync(session.SessionId, session.ViewerCode, "  Zoë\u0000\u202e  ");
        using var view = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", cleaned.Token);
        var json = await view.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Zoë", json.GetProperty("me").GetProperty("displayName").GetString());

        using var notJson = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/join") { Content = new StringContent("{nope", System.Text.Encoding.UTF8, "application/json") };
        using var badBody = await api.Client.SendAsync(notJson);
        Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);

        using var longTitle = await api.Client.PostAsJsonAsync("/api/sessions", new { title = new string('t', 500) });
        Assert.Equal(HttpStatusCode.BadRequest, longTitle.StatusCode);
    }
}
