using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Targets.ActorStudio;

/// <summary>
/// An ActorStudio node, driven the way the room page drives it: POST /api/sessions, POST …/join with
/// the role's code, then the session WebSocket named by the join answer.
/// </summary>
public sealed class ActorStudioDriver : ITargetDriver
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Uri _baseUrl;
    private readonly HttpClient _http;

    public ActorStudioDriver(Uri baseUrl)
    {
        _baseUrl = baseUrl;
        // No cookies: each simulated participant is a different browser, never "the same browser rejoining".
        var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name => "actorstudio";

    public TargetCapabilities Capabilities { get; } = new(EchoesChatToSender: true, Resume: true, Generation: true);

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await _http.GetAsync("/healthz", cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                throw new TargetUnavailableException($"{_baseUrl} answered /healthz with {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new TargetUnavailableException($"{_baseUrl} is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TargetUnavailableException($"{_baseUrl} did not answer within {_http.Timeout.TotalSeconds} s", ex);
        }
    }

    public async Task<TargetSession> CreateSessionAsync(int index, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("/api/sessions", new CreateSessionBody($"load test {index}"), Json, cancellationToken).ConfigureAwait(false);
        await ThrowIfRefusedAsync(response, cancellationToken).ConfigureAwait(false);
        CreatedSession created = await response.Content.ReadFromJsonAsync<CreatedSession>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new TargetUnavailableException("POST /api/sessions answered an empty body");
        return new TargetSession(index, created.SessionId, created.Codes.Host, created.Codes.Collaborator, created.Codes.Viewer);
    }

    public async Task<TargetTicket> JoinAsync(TargetSession session, ParticipantRole role, string displayName, CancellationToken cancellationToken)
    {
        string code = role switch
        {
            ParticipantRole.Host => session.HostCode,
            ParticipantRole.Collaborator => session.CollaboratorCode,
            _ => session.ViewerCode,
        } ?? throw new InvalidOperationException("the session has no code for " + role);
        using HttpResponseMessage response = await _http.PostAsJsonAsync($"/api/sessions/{session.SessionId}/join", new JoinBody(code, displayName), Json, cancellationToken).ConfigureAwait(false);
        await ThrowIfRefusedAsync(response, cancellationToken).ConfigureAwait(false);
        JoinedSession joined = await response.Content.ReadFromJsonAsync<JoinedSession>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new JoinRefusedException((int)response.StatusCode, "empty_body", "the join answer had no body");
        if (!Uri.TryCreate(joined.WsUrl, UriKind.Absolute, out Uri? ws))
        {
            throw new JoinRefusedException((int)response.StatusCode, "bad_ws_url", $"the join answer's wsUrl '{joined.WsUrl}' is not an absolute URL");
        }

        return new TargetTicket(session, role, displayName, joined.ParticipantId, joined.Token, ws);
    }

    public TargetConnection CreateConnection(TargetTicket ticket, IParticipantObserver observer, RunCounters counters) =>
        new ActorStudioConnection(ticket, observer, counters);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ProblemBody? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // Not problem+json: the status says enough.
        }

        string code = problem?.Code ?? "http_" + (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && problem?.Code is null)
        {
            code = "unavailable";
        }

        throw new JoinRefusedException((int)response.StatusCode, code, problem?.Detail ?? problem?.Title ?? response.ReasonPhrase ?? "refused");
    }
}
