using System.Security.Cryptography;
using System.Text;
using ActorStudio.Actors.Ports;
using ActorStudio.Node.LiveKit;
using BenchmarkDotNet.Attributes;

namespace ActorStudio.Benchmarks.LiveKit;

/// <summary>Cost of the LiveKit work on the join path (token per join) and per webhook (verify + parse).</summary>
[MemoryDiagnoser]
public class LiveKitTokenBenchmarks
{
    private const string Body =
        """{"event":"participant_joined","room":{"sid":"RM_abc","name":"studio-s-1"},"participant":{"sid":"PA_1","identity":"p-ann","name":"Ann","state":"ACTIVE","joinedAt":"1763772001"},"id":"EV_1","createdAt":"1763772002"}""";

    private LiveKitTokenIssuer issuer = null!;
    private LiveKitWebhookReceiver receiver = null!;
    private byte[] body = null!;
    private string authorization = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new LiveKitOptions { Url = "wss://lk.example", ApiKey = "APIbench", ApiSecret = "bench-secret-0123456789-0123456789" };
        issuer = new LiveKitTokenIssuer(options, TimeProvider.System);
        receiver = new LiveKitWebhookReceiver(options, TimeProvider.System);
        body = Encoding.UTF8.GetBytes(Body);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        authorization = LiveKitJwt.Sign(
            new LiveKitTokenClaims { Issuer = "APIbench", NotBefore = now, Expires = now + 3600, Sha256 = Convert.ToBase64String(SHA256.HashData(body)) },
            options.ApiSecret);
    }

    [Benchmark]
    public string MintViewerToken() => issuer.CreateParticipantToken("studio-s-1", "p-1234567890", "Viewer Name", MediaRole.Viewer, allowScreenShare: false);

    [Benchmark]
    public string MintHostToken() => issuer.CreateParticipantToken("studio-s-1", "p-host", "Host Name", MediaRole.Host, allowScreenShare: true);

    [Benchmark]
    public bool VerifyAndParseWebhook() => receiver.Receive(body, authorization).IsAccepted;
}
