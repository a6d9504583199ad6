using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.Node.Analytics;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Analytics;

/// <summary>The real node: sessions created and joined over HTTP; figures read back through the protected endpoints.</summary>
public sealed class AnalyticsEndpointTests
{
    private const string OperatorKey = "test-operator-key-0123456789";

    [Fact]
    public async Task Operator_sees_node_figures_from_real_joins_and_the_host_sees_their_session()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Studio:Dashboard:OperatorKey", OperatorKey]);
        using var http = server.CreateClient();
        var session = await CreateAsync(http, "Figures");
        var host = await JoinAsync(http, session.SessionId, session.Codes.Host, "Host");
        var collaborator = await JoinAsync(http, session.SessionId, session.Codes.Collaborator, "Collab");
        await JoinAsync(http, session.SessionId, session.Codes.Viewer, "Viewer");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync($"/api/sessions/{session.SessionId}/join", new { code = "nope-" + i, displayName = "X" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/sessions/unknown1/join", new { code = "x", displayName = "X" })).StatusCode);
        await server.Services.GetRequiredService<AnalyticsProjectionService>().CatchUpAsync(CancellationToken.None);

        using var nodeRequest = new HttpRequestMessage(HttpMethod.Get, "/api/analytics");
        nodeRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        using var nodeResponse = await http.SendAsync(nodeRequest);
        Assert.Equal(HttpStatusCode.OK, nodeResponse.StatusCode);
        using var node = JsonDocument.Parse(await nodeResponse.Content.ReadAsStringAsync());
        var figures = node.RootElement.GetProperty("node").GetProperty("figures");
        Assert.Equal(1, figures.GetProperty("sessionsCreated").GetInt64());
        Assert.Equal(3, figures.GetProperty("joinsOk").GetInt64());
        Assert.Equal(3, figures.GetProperty("joinsFailed").GetInt64());
        Assert.Equal(0.5, figures.GetProperty("joinSuccessRate").GetDouble());
        Assert.Equal(2, figures.GetProperty("joinFailuresByReason").GetProperty("wrong_code").GetInt64());
        Assert.Equal(1, figures.GetProperty("joinFailuresByReason").GetProperty("unknown_session").GetInt64());
        Assert.Equal(3, figures.GetProperty("activeParticipants").GetInt32());
        var listed = Assert.Single(node.RootElement.GetProperty("sessions").EnumerateArray());
        Assert.Equal(session.SessionId, listed.GetProperty("sessionId").GetString());
        Assert.Equal("Figures", listed.GetProperty("title").GetString());
        Assert.Equal(3, listed.GetProperty("activeParticipants").GetInt32());

        // The host, with the app token from join, sees their own session (wrong codes against it included).
        using var hostRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/analytics");
        hostRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
        using var hostResponse = await http.SendAsync(hostRequest);
        Assert.Equal(HttpStatusCode.OK, hostResponse.StatusCode);
        using var own = JsonDocument.Parse(await hostResponse.Content.ReadAsStringAsync());
        Assert.Equal(3, own.RootElement.GetProperty("figures").GetProperty("joinsOk").GetInt64());
        Assert.Equal(2, own.RootElement.GetProperty("figures").GetProperty("joinsFailed").GetInt64());

        // A collaborator of the same session is not its host.
        using var collabRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/analytics");
        collabRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", collaborator.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(collabRequest)).StatusCode);

        // Neither key nor token: 401; a wrong key: 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/analytics")).StatusCode);
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/api/analytics");
        wrongKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrongKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/sessions/{session.SessionId}/analytics")).StatusCode);
    }

    [Fact]
    public async Task Without_an_operator_key_the_dashboard_data_says_not_configured()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();
        using var response = await http.GetAsync("/api/analytics");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("dashboard_not_configured", problem.RootElement.GetProperty("code").GetString());

        using var page = await http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("uplot", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_survive_a_node_restart_because_they_are_rebuilt_from_the_journal()
    {
        using var data = new TempDirectory("analytics-restart");
        string sessionId;
        string before;
        await using (var first = await StudioServer.StartAsync(dataDirectory: data.Path, extraArgs: ["--Studio:Dashboard:OperatorKey", OperatorKey]))
        {
            using var http = first.CreateClient();
            var session = await CreateAsync(http, "Restart");
            sessionId = session.SessionId;
            await JoinAsync(http, sessionId, session.Codes.Host, "Host");
            await JoinAsync(http, sessionId, session.Codes.Viewer, "V");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code = "bad", displayName = "X" })).StatusCode);
            await first.Services.GetRequiredService<AnalyticsProjectionService>().CatchUpAsync(CancellationToken.None);
            before = JsonSerializer.Serialize(first.Services.GetRequiredService<AnalyticsProjection>().SessionReport(sessionId)!.Figures);
        }

        await using var second = await StudioServer.StartAsync(dataDirectory: data.Path, extraArgs: ["--Studio:Dashboard:OperatorKey", OperatorKey]);
        await second.Services.GetRequiredService<AnalyticsProjectionService>().RebuildAsync(CancellationToken.None);
        var after = second.Services.GetRequiredService<AnalyticsProjection>().SessionReport(sessionId);
        Assert.NotNull(after);
        Assert.Equal(before, JsonSerializer.Serialize(after.Figures));
    }

    [Fact]
    public async Task A_generation_its_images_and_a_star_show_in_the_figures()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Studio:Dashboard:OperatorKey", OperatorKey]);
        using var http = server.CreateClient();
        var session = await CreateAsync(http, "Gen figures");
        var collaborator = await JoinAsync(http, session.SessionId, session.Codes.Collaborator, "Collab");

        using var generate = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/generations") { Content = JsonContent.Create(new { prompt = "a lighthouse at dusk" }) };
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", collaborator.Token);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(generate)).StatusCode);

        // The local generator stores all four; wait for them through the owner's library.
        string? imageId = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (imageId is null && DateTime.UtcNow < deadline)
        {
            using var libraryRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/library");
            libraryRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", collaborator.Token);
            using var library = JsonDocument.Parse(await (await http.SendAsync(libraryRequest)).Content.ReadAsStringAsync());
            var variants = library.RootElement.GetProperty("generations")[0].GetProperty("variants").EnumerateArray().ToList();
            if (variants.All(v => v.GetProperty("status").GetString() == "stored"))
            {
                imageId = variants[0].GetProperty("imageId").GetString();
            }
            else
            {
                await Task.Delay(200);
            }
        }

        Assert.NotNull(imageId);
        using var star = new HttpRequestMessage(HttpMethod.Post, $"/api/images/{imageId}/favorite");
        star.Headers.Authorization = new AuthenticationHeaderValue("Bearer", collaborator.Token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(star)).StatusCode);
        await server.Services.GetRequiredService<AnalyticsProjectionService>().CatchUpAsync(CancellationToken.None);

        using var nodeRequest = new HttpRequestMessage(HttpMethod.Get, "/api/analytics");
        nodeRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        using var node = JsonDocument.Parse(await (await http.SendAsync(nodeRequest)).Content.ReadAsStringAsync());
        var figures = node.RootElement.GetProperty("node").GetProperty("figures");
        Assert.Equal(1, figures.GetProperty("generationsRequested").GetInt64());
        Assert.Equal(4, figures.GetProperty("imagesStored").GetInt64());
        Assert.Equal(1, figures.GetProperty("generationsCompleted").GetInt64());
        Assert.Equal(0, figures.GetProperty("variantsFailed").GetInt64());
        Assert.Equal(1, figures.GetProperty("favorites").GetInt64());
        var listed = Assert.Single(node.RootElement.GetProperty("sessions").EnumerateArray());
        Assert.Equal(4, listed.GetProperty("imagesStored").GetInt64());
    }

    [Fact]
    public async Task A_participant_who_does_not_come_back_within_the_grace_counts_as_a_leave_from_the_journal()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Studio:Dashboard:OperatorKey", OperatorKey, "--Sessions:ReconnectGrace=00:00:01"]);
        using var http = server.CreateClient();
        var session = await CreateAsync(http, "Leaves");
        var stays = await JoinAsync(http, session.SessionId, session.Codes.Host, "Stays");
        var goes = await JoinAsync(http, session.SessionId, session.Codes.Viewer, "Goes");
        await using var staying = await Sessions.SessionSocketClient.ConnectAsync(new Uri(stays.WsUrl), stays.Token);
        await staying.WaitForAsync<Protocol.Messages.Welcome>();
        await using (var going = await Sessions.SessionSocketClient.ConnectAsync(new Uri(goes.WsUrl), goes.Token))
        {
            await going.WaitForAsync<Protocol.Messages.Welcome>();
        }

        // Everyone sees "left" once the grace is over; the journal has it too, so the projection counts it.
        await staying.WaitForAsync<Protocol.Messages.PresenceChanged>(p => p.Participant.ParticipantId == goes.ParticipantId && p.Participant.Presence == Protocol.Messages.PresenceState.Left, TimeSpan.FromSeconds(10));
        await server.Services.GetRequiredService<AnalyticsProjectionService>().CatchUpAsync(CancellationToken.None);

        using var hostRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/analytics");
        hostRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stays.Token);
        using var own = JsonDocument.Parse(await (await http.SendAsync(hostRequest)).Content.ReadAsStringAsync());
        Assert.Equal(1, own.RootElement.GetProperty("figures").GetProperty("leaves").GetInt64());
    }

    internal static async Task<CreatedSession> CreateAsync(HttpClient http, string title)
    {
        var response = await http.PostAsJsonAsync("/api/sessions", new { title });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedSession>())!;
    }

    internal static async Task<JoinedSession> JoinAsync(HttpClient http, string sessionId, string code, string name)
    {
        var response = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code, displayName = name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JoinedSession>())!;
    }

    internal sealed record CreatedSession(string SessionId, SessionCodes Codes);

    internal sealed record SessionCodes(string Host, string Collaborator, string Viewer);

    internal sealed record JoinedSession(string ParticipantId, string Role, string Token, string WsUrl);
}
