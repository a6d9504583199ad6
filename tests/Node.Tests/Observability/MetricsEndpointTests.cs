using System.Net;
using System.Net.Http.Json;
using ActorStudio.Node.Observability;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Observability;

/// <summary>/metrics and correlation ids on a real node (Kestrel on loopback), moved by real HTTP activity.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_move_with_joins_and_requests()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();

        Assert.Empty((await ScrapeAsync(http)).GetValueOrDefault("studio_joins_total")?.Samples ?? []); // no join yet: no series
        var created = await http.PostAsJsonAsync("/api/sessions", new { title = "metrics" });
        created.EnsureSuccessStatusCode();
        var session = await created.Content.ReadFromJsonAsync<CreatedSession>();
        (await http.PostAsJsonAsync($"/api/sessions/{session!.SessionId}/join", new { code = session.Codes.Host, displayName = "Host" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/sessions/{session.SessionId}/join", new { code = session.Codes.Viewer, displayName = "Viewer" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync($"/api/sessions/{session.SessionId}/join", new { code = "WRONG-CODE", displayName = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/sessions/nosuchsession/join", new { code = "x", displayName = "X" })).StatusCode);

        var after = await ScrapeAsync(http);
        var joins = after["studio_joins_total"];
        Assert.Equal(2, joins.Value("studio_joins_total", ("outcome", "ok")));
        Assert.Equal(1, joins.Value("studio_joins_total", ("outcome", "failed"), ("reason", "wrong_code")));
        Assert.Equal(1, joins.Value("studio_joins_total", ("outcome", "failed"), ("reason", "unknown_session")));
        // ASP.NET Core's own request histogram comes through the same exporter.
        var requests = after["http_server_request_duration_seconds"];
        Assert.Equal("histogram", requests.Type);
        var joinRequests = requests.Samples.Where(s => s.Name.EndsWith("_count", StringComparison.Ordinal)
            && s.Labels.TryGetValue("http_route", out var route) && route == "/api/sessions/{sessionId}/join").Sum(s => s.Value);
        Assert.Equal(4, joinRequests);
        Assert.Contains(after.Keys, k => k.StartsWith("dotnet_gc_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Session_actors_and_their_game_loop_turns_show_in_the_metrics()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();
        var before = await ScrapeAsync(http);
        Assert.Equal(0, before.GetValueOrDefault("studio_sessions_active")?.Samples.Sum(s => s.Value) ?? 0);

        var created = await http.PostAsJsonAsync("/api/sessions", new { title = "turns" });
        var session = await created.Content.ReadFromJsonAsync<CreatedSession>();
        var joined = await (await http.PostAsJsonAsync($"/api/sessions/{session!.SessionId}/join", new { code = session.Codes.Host, displayName = "Host" })).Content.ReadFromJsonAsync<JoinedSession>();
        for (var i = 0; i < 3; i++)
        {
            using var chat = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/chat") { Content = JsonContent.Create(new { text = "hello " + i }) };
            chat.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", joined!.Token);
            (await http.SendAsync(chat)).EnsureSuccessStatusCode();
        }

        var after = await ScrapeAsync(http);
        Assert.Equal(1, after["studio_sessions_active"].Samples.Sum(s => s.Value));
        // Created + joined + three chat lines: at least five events committed over at least four turns.
        var events = after["studio_session_turn_events"];
        Assert.True(events.Samples.Single(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)).Value >= 5);
        var turns = after["studio_session_turn_duration_seconds"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value;
        Assert.True(turns >= 4, $"{turns} turns recorded");
        Assert.Equal(turns, after["studio_session_mailbox_depth"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task Metrics_endpoint_answers_prometheus_content_type()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(response.Content.Headers.ContentType.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
    }

    [Fact]
    public async Task Metrics_can_be_moved_to_a_port_of_their_own()
    {
        var metricsPort = FreePort.Next();
        await using var server = await StudioServer.StartAsync(extraArgs:
        [
            "--urls", $"http://127.0.0.1:0;http://127.0.0.1:{metricsPort}",
            "--Studio:Metrics:Port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        var main = server.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).First(a => a.Port != metricsPort);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(main, "/metrics"))).StatusCode);
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        Assert.NotEmpty(PrometheusTextParser.Parse(text));
    }

    [Fact]
    public async Task Every_response_carries_a_correlation_id_and_a_sane_incoming_one_is_kept()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();

        using var minted = await http.GetAsync("/healthz");
        var id = Assert.Single(minted.Headers.GetValues(CorrelationIdMiddleware.HeaderName));
        Assert.Matches("^[0-9a-f]{24}$", id);

        using var kept = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        kept.Headers.Add(CorrelationIdMiddleware.HeaderName, "lb-7f3a.42");
        Assert.Equal("lb-7f3a.42", Assert.Single((await http.SendAsync(kept)).Headers.GetValues(CorrelationIdMiddleware.HeaderName)));

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        forged.Headers.TryAddWithoutValidation(CorrelationIdMiddleware.HeaderName, "x\" injected=1 " + new string('a', 100));
        var replaced = Assert.Single((await http.SendAsync(forged)).Headers.GetValues(CorrelationIdMiddleware.HeaderName));
        Assert.Matches("^[0-9a-f]{24}$", replaced);
    }

    private static async Task<IReadOnlyDictionary<string, MetricFamily>> ScrapeAsync(HttpClient http) =>
        PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));

    private sealed record CreatedSession(string SessionId, SessionCodes Codes);

    private sealed record SessionCodes(string Host, string Collaborator, string Viewer);

    private sealed record JoinedSession(string ParticipantId, string Token);
}
