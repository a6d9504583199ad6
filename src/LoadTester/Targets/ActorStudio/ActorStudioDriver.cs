using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Targets.ActorStudio;

/// <summary>
/// An ActorStudio node, or the nodes of a cluster, driven the way the room page drives it: POST /api/sessions,
/// POST …/join with the role's code, then the session WebSocket named by the join answer. With several nodes,
/// sessions and joins go round robin through them (any node answers with the owner's socket URL), and a
/// participant whose node is gone rejoins through the others (<see cref="RejoinAsync"/>).
/// </summary>
public sealed class ActorStudioDriver : ITargetDriver, ILibraryAuditor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A node that takes longer than this to answer a rejoin is skipped for the next one.</summary>
    private static readonly TimeSpan RejoinTimeout = TimeSpan.FromSeconds(5);
    private readonly Uri[] _nodes;
    private readonly HttpClient[] _http;
    private int _nextJoin = -1;
    private int _nextRejoin = -1;

    public ActorStudioDriver(Uri baseUrl)
        : this([baseUrl])
    {
    }

    public ActorStudioDriver(IReadOnlyList<Uri> nodes)
    {
        if (nodes.Count == 0)
        {
            throw new ArgumentException("at least one node URL is needed", nameof(nodes));
        }

        _nodes = [.. nodes];
        _http = new HttpClient[_nodes.Length];
        for (int i = 0; i < _nodes.Length; i++)
        {
            // No cookies: each simulated participant is a different browser, never "the same browser rejoining".
            var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            _http[i] = new HttpClient(handler) { BaseAddress = _nodes[i], Timeout = TimeSpan.FromSeconds(30) };
        }
    }

    public string Name => "actorstudio";

    public TargetCapabilities Capabilities { get; } = new(EchoesChatToSender: true, Resume: true, Generation: true);

    /// <summary>Every listed node must answer: a cluster run that starts with a node missing measures nothing useful.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < _nodes.Length; i++)
        {
            try
            {
                using HttpResponseMessage response = await _http[i].GetAsync("/healthz", cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500)
                {
                    throw new TargetUnavailableException($"{_nodes[i]} answered /healthz with {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException ex)
            {
                throw new TargetUnavailableException($"{_nodes[i]} is unreachable: {ex.Message}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TargetUnavailableException($"{_nodes[i]} did not answer within {_http[i].Timeout.TotalSeconds} s", ex);
            }
        }
    }

    public async Task<TargetSession> CreateSessionAsync(int index, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http[index % _http.Length].PostAsJsonAsync("/api/sessions", new CreateSessionBody($"load test {index}"), Json, cancellationToken).ConfigureAwait(false);
        await ThrowIfRefusedAsync(response, cancellationToken).ConfigureAwait(false);
        CreatedSession created = await response.Content.ReadFromJsonAsync<CreatedSession>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new TargetUnavailableException("POST /api/sessions answered an empty body");
        return new TargetSession(index, created.SessionId, created.Codes.Host, created.Codes.Collaborator, created.Codes.Viewer);
    }

    public async Task<TargetTicket> JoinAsync(TargetSession session, ParticipantRole role, string displayName, CancellationToken cancellationToken)
    {
        string code = CodeOf(session, role);
        HttpClient http = _http[(int)((uint)Interlocked.Increment(ref _nextJoin) % (uint)_http.Length)];
        using HttpResponseMessage response = await http.PostAsJsonAsync($"/api/sessions/{session.SessionId}/join", new JoinBody(code, displayName), Json, cancellationToken).ConfigureAwait(false);
        return await ReadTicketAsync(response, session, role, displayName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Joins again as the same participant (bearer token, same code and name) through the listed nodes, those
    /// other than the one that served <paramref name="ticket"/>'s socket first; the answer names the current
    /// owner's socket URL (docs/protocol.md §11). Throws the last failure when no node answered yes.
    /// </summary>
    public async Task<TargetTicket> RejoinAsync(TargetTicket ticket, CancellationToken cancellationToken)
    {
        string code = CodeOf(ticket.Session, ticket.Role);
        int start = (int)((uint)Interlocked.Increment(ref _nextRejoin) % (uint)_http.Length);
        var order = Enumerable.Range(0, _http.Length).Select(k => (start + k) % _http.Length)
            .OrderBy(i => SameNode(_nodes[i], ticket.WebSocketUrl) ? 1 : 0)
            .ToList();
        Exception? last = null;
        foreach (int i in order)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{ticket.Session.SessionId}/join")
                {
                    Content = JsonContent.Create(new JoinBody(code, ticket.DisplayName), options: Json),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ticket.Token);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(RejoinTimeout);
                using HttpResponseMessage response = await _http[i].SendAsync(request, timeout.Token).ConfigureAwait(false);
                return await ReadTicketAsync(response, ticket.Session, ticket.Role, ticket.DisplayName, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or JoinRefusedException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // That node is down, or cannot tell yet (503 while the lease is still held by a dead node): try the next.
                last = ex;
            }
        }

        throw last ?? new InvalidOperationException("no node to rejoin through");
    }

    private static bool SameNode(Uri node, Uri webSocketUrl) =>
        string.Equals(node.Host, webSocketUrl.Host, StringComparison.OrdinalIgnoreCase) && node.Port == webSocketUrl.Port;

    private static string CodeOf(TargetSession session, ParticipantRole role) => role switch
    {
        ParticipantRole.Host => session.HostCode,
        ParticipantRole.Collaborator => session.CollaboratorCode,
        _ => session.ViewerCode,
    } ?? throw new InvalidOperationException("the session has no code for " + role);

    private static async Task<TargetTicket> ReadTicketAsync(HttpResponseMessage response, TargetSession session, ParticipantRole role, string displayName, CancellationToken cancellationToken)
    {
        await ThrowIfRefusedAsync(response, cancellationToken).ConfigureAwait(false);
        JoinedSession joined = await response.Content.ReadFromJsonAsync<JoinedSession>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new JoinRefusedException((int)response.StatusCode, "empty_body", "the join answer had no body");
        if (!Uri.TryCreate(joined.WsUrl, UriKind.Absolute, out Uri? ws))
        {
            throw new JoinRefusedException((int)response.StatusCode, "bad_ws_url", $"the join answer's wsUrl '{joined.WsUrl}' is not an absolute URL");
        }

        return new TargetTicket(session, role, displayName, joined.ParticipantId, joined.Token, ws);
    }

    public async Task<LibraryAudit> AuditLibraryAsync(IReadOnlyList<TargetConnection> requesters, TimeSpan settle, CancellationToken cancellationToken)
    {
        long started = Scenario.RunClock.Now;
        while (true)
        {
            long generations = 0, stored = 0, failed = 0, retryable = 0, unfinished = 0;
            int unreadable = 0;
            foreach (ActorStudioConnection connection in requesters.OfType<ActorStudioConnection>())
            {
                List<LibraryGeneration>? library = await ReadLibraryAsync(connection.Ticket, cancellationToken).ConfigureAwait(false);
                if (library is null)
                {
                    unreadable++;
                    continue;
                }

                generations += library.Count;
                foreach (LibraryVariant variant in library.SelectMany(g => g.Variants))
                {
                    switch (variant.Status)
                    {
                        case "stored":
                            stored++;
                            break;
                        case "failed":
                            failed++;
                            retryable += variant.Retryable ? 1 : 0;
                            break;
                        default:
                            unfinished++;
                            break;
                    }
                }
            }

            double waited = Scenario.RunClock.MicrosecondsSince(started) / 1e6;
            if ((unfinished == 0 && unreadable == 0) || waited >= settle.TotalSeconds)
            {
                return new LibraryAudit(requesters.Count, generations, stored, failed, retryable, unfinished, unreadable, Math.Round(waited, 1));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every page of one participant's library through the first node that answers; null when none did.</summary>
    private async Task<List<LibraryGeneration>?> ReadLibraryAsync(TargetTicket ticket, CancellationToken cancellationToken)
    {
        for (int k = 0; k < _http.Length; k++)
        {
            HttpClient http = _http[(int)((uint)Interlocked.Increment(ref _nextRejoin) % (uint)_http.Length)];
            try
            {
                var all = new List<LibraryGeneration>();
                string? cursor = null;
                do
                {
                    string path = $"/api/sessions/{ticket.Session.SessionId}/library?limit=50" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ticket.Token);
                    using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    await ThrowIfRefusedAsync(response, cancellationToken).ConfigureAwait(false);
                    LibraryPage page = await response.Content.ReadFromJsonAsync<LibraryPage>(Json, cancellationToken).ConfigureAwait(false)
                        ?? throw new JsonException("empty library page");
                    all.AddRange(page.Generations);
                    cursor = page.NextCursor;
                }
                while (cursor is not null);
                return all;
            }
            catch (Exception ex) when (ex is HttpRequestException or JoinRefusedException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // That node cannot answer now: ask the next.
            }
        }

        return null;
    }

    public TargetConnection CreateConnection(TargetTicket ticket, IParticipantObserver observer, RunCounters counters) =>
        new ActorStudioConnection(ticket, observer, counters, RejoinAsync);

    public ValueTask DisposeAsync()
    {
        foreach (HttpClient http in _http)
        {
            http.Dispose();
        }

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
