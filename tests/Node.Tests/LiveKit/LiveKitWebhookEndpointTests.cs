using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorStudio.Node.LiveKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>POST /api/livekit/webhook over a real Kestrel on loopback, with deliveries signed by livekit-server-sdk.</summary>
public sealed class LiveKitWebhookEndpointTests(SignedWebhooks signed) : IClassFixture<SignedWebhooks>
{
    [Fact]
    public async Task ValidDeliveryBecomesOneEventEvenWhenDeliveredTwice()
    {
        var sink = new RecordingEventSink();
        await using var server = await StartAsync(sink);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var first = await PostAsync(http, SignedWebhooks.ParticipantJoinedBody, signed.ParticipantJoined.Authorization);
        using var second = await PostAsync(http, SignedWebhooks.ParticipantJoinedBody, signed.ParticipantJoined.Authorization);
        using var other = await PostAsync(http, SignedWebhooks.EgressUpdatedBody, signed.EgressUpdated.Authorization);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains("\"duplicate\":true", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var events = sink.Events;
        Assert.Equal(2, events.Count);
        Assert.Equal("EV_participant_1", events[0].Id);
        Assert.Equal("p-ann", events[0].Participant!.Identity);
        Assert.Equal("EV_egress_1", events[1].Id);
    }

    [Fact]
    public async Task TamperedBodyWrongKeyMissingHeaderAndExpiredAreRefusedWith401()
    {
        var sink = new RecordingEventSink();
        await using var server = await StartAsync(sink);
        using var http = new HttpClient { BaseAddress = server.Address };
        var tampered = SignedWebhooks.ParticipantJoinedBody.Replace("\"Ann\"", "\"Eve\"", StringComparison.Ordinal);

        var cases = new (string Body, string? Authorization, string Reason)[]
        {
            (tampered, signed.ParticipantJoined.Authorization, nameof(LiveKitWebhookRejection.BodyHashMismatch)),
            (SignedWebhooks.ParticipantJoinedBody, signed.WrongSecret.Authorization, nameof(LiveKitWebhookRejection.InvalidToken)),
            (SignedWebhooks.ParticipantJoinedBody, signed.WrongKey.Authorization, nameof(LiveKitWebhookRejection.InvalidToken)),
            (SignedWebhooks.ParticipantJoinedBody, null, nameof(LiveKitWebhookRejection.MissingAuthorization)),
            (SignedWebhooks.ParticipantJoinedBody, signed.Expired.Authorization, nameof(LiveKitWebhookRejection.InvalidToken)),
        };

        foreach (var (body, authorization, reason) in cases)
        {
            using var response = await PostAsync(http, body, authorization);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("livekit_webhook_unauthorized", problem.RootElement.GetProperty("code").GetString());
            Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
            Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        }

        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task WrongMediaTypeAndOversizedBodyAreRefused()
    {
        var sink = new RecordingEventSink();
        await using var server = await StartAsync(sink, new Dictionary<string, string?> { ["LiveKit:WebhookMaxBodyBytes"] = "2048" });
        using var http = new HttpClient { BaseAddress = server.Address };

        using var plain = await PostAsync(http, SignedWebhooks.ParticipantJoinedBody, signed.ParticipantJoined.Authorization, "text/plain");
        using var huge = await PostAsync(http, new string(' ', 4096) + SignedWebhooks.ParticipantJoinedBody, signed.ParticipantJoined.Authorization);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var problem = JsonDocument.Parse(await huge.Content.ReadAsStringAsync());
        Assert.Equal("livekit_webhook_too_large", problem.RootElement.GetProperty("code").GetString());
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task FailedHandlingAnswers500AndTheRetryIsHandled()
    {
        var sink = new RecordingEventSink { FailuresToInject = 1 };
        await using var server = await StartAsync(sink);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var failed = await PostAsync(http, SignedWebhooks.EgressUpdatedBody, signed.EgressUpdated.Authorization);
        using var retried = await PostAsync(http, SignedWebhooks.EgressUpdatedBody, signed.EgressUpdated.Authorization);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("EV_egress_1", Assert.Single(sink.Events).Id);
    }

    [Fact]
    public async Task WithoutLiveKitSettingsTheEndpointSaysNotConfigured()
    {
        await using var server = await LoopbackServer.StartAsync(
            builder => builder.Services.AddStudioLiveKit(new ConfigurationBuilder().Build()),
            app => app.MapLiveKitWebhook());
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await PostAsync(http, SignedWebhooks.ParticipantJoinedBody, signed.ParticipantJoined.Authorization);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("livekit_not_configured", problem.RootElement.GetProperty("code").GetString());
    }

    private static Task<LoopbackServer> StartAsync(RecordingEventSink sink, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["LIVEKIT_URL"] = "wss://livekit.example.test",
            ["LIVEKIT_API_KEY"] = LiveKitTestSettings.ApiKey,
            ["LIVEKIT_API_SECRET"] = LiveKitTestSettings.ApiSecret,
        };
        foreach (var pair in extra ?? [])
        {
            settings[pair.Key] = pair.Value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return LoopbackServer.StartAsync(
            builder =>
            {
                builder.Services.AddStudioLiveKit(configuration);
                builder.Services.AddSingleton<ILiveKitEventSink>(sink);
            },
            app => app.MapLiveKitWebhook());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? authorization, string mediaType = LiveKitWebhookEndpoint.WebhookMediaType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, LiveKitWebhookEndpoint.DefaultPattern)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (authorization is not null)
        {
            // LiveKit sends the bare token, which is not a valid scheme-and-parameter header value for .NET's parser.
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return http.SendAsync(request);
    }
}
