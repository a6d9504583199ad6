using System.Net;
using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Targets.SignalR;

/// <summary>The SignalR baseline (bench/SignalRBaseline): sessions are hub groups, joining is a hub call.</summary>
public sealed class SignalRDriver : ITargetDriver
{
    private readonly Uri _baseUrl;
    private readonly HttpClient _http;
    private readonly string _runTag = Guid.NewGuid().ToString("N")[..8];

    public SignalRDriver(Uri baseUrl)
    {
        _baseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Name => "signalr";

    public TargetCapabilities Capabilities { get; } = new(EchoesChatToSender: true, Resume: false, Generation: false);

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await _http.GetAsync("/healthz", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new TargetUnavailableException($"{_baseUrl} answered /healthz with {(int)response.StatusCode}: not the SignalR baseline?");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new TargetUnavailableException($"{_baseUrl} is unreachable: {ex.Message}", ex);
        }
    }

    public Task<TargetSession> CreateSessionAsync(int index, CancellationToken cancellationToken) =>
        Task.FromResult(new TargetSession(index, $"lt-{_runTag}-{index}", null, null, null));

    public Task<TargetTicket> JoinAsync(TargetSession session, ParticipantRole role, string displayName, CancellationToken cancellationToken)
    {
        var ws = new UriBuilder(_baseUrl) { Scheme = _baseUrl.Scheme == "https" ? "wss" : "ws", Path = "/hub" }.Uri;
        return Task.FromResult(new TargetTicket(session, role, displayName, null, null, ws));
    }

    public TargetConnection CreateConnection(TargetTicket ticket, IParticipantObserver observer, RunCounters counters) =>
        new SignalRConnection(ticket, observer, counters);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
