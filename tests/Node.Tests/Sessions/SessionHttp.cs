using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>The session HTTP API as a test drives it: plain HttpClient calls, JSON read back as documents.</summary>
internal sealed class SessionHttp(HttpClient http)
{
    public HttpClient Client { get; } = http;

    public async Task<CreatedSession> CreateAsync(string? title = "Test session")
    {
        using var response = await Client.PostAsJsonAsync("/api/sessions", new { title });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var codes = json.GetProperty("codes");
        return new CreatedSession(
            json.GetProperty("sessionId").GetString()!,
            json.GetProperty("inviteUrl").GetString()!,
            codes.GetProperty("host").GetString()!,
            codes.GetProperty("collaborator").GetString()!,
            codes.GetProperty("viewer").GetString()!);
    }

    public async Task<HttpResponseMessage> PostJoinAsync(string sessionId, string? code, string? displayName, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/join")
        {
            Content = JsonContent.Create(new { code, displayName }),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Client.SendAsync(request);
    }

    public async Task<Joined> JoinAsync(string sessionId, string code, string displayName, string? bearer = null)
    {
        using var response = await PostJoinAsync(sessionId, code, displayName, bearer);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"join answered {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return new Joined(
            sessionId,
            json.GetProperty("participantId").GetString()!,
            json.GetProperty("role").GetString()!,
            json.GetProperty("token").GetString()!,
            new Uri(json.GetProperty("wsUrl").GetString()!),
            json.GetProperty("rejoined").GetBoolean(),
            json);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Client.SendAsync(request);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

internal sealed record CreatedSession(string SessionId, string InviteUrl, string HostCode, string CollaboratorCode, string ViewerCode)
{
    public string CodeFor(string role) => role switch
    {
        "host" => HostCode,
        "collaborator" => CollaboratorCode,
        _ => ViewerCode,
    };
}

internal sealed record Joined(string SessionId, string ParticipantId, string Role, string Token, Uri WsUrl, bool Rejoined, JsonElement Json);
