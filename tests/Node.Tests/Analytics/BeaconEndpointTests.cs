using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorStudio.Node.Analytics;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Analytics;

public sealed class BeaconEndpointTests
{
    [Fact]
    public async Task Allowed_page_events_are_accepted_and_reach_the_projection_through_the_journal()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();

        // sendBeacon posts a string as text/plain.
        using var viewRoom = await http.PostAsync("/api/beacon", new StringContent("{\"name\":\"view_room\",\"sessionId\":\"abc_123\"}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.NoContent, viewRoom.StatusCode);
        using var click = await http.PostAsJsonAsync("/api/beacon", new { name = "prompt_submit_clicked", at = 123 });
        Assert.Equal(HttpStatusCode.NoContent, click.StatusCode);

        await server.Services.GetRequiredService<AnalyticsProjectionService>().CatchUpAsync(CancellationToken.None);
        var pages = server.Services.GetRequiredService<AnalyticsProjection>().NodeReport().Figures.PageEvents;
        Assert.Equal(1, pages["view_room"]);
        Assert.Equal(1, pages["prompt_submit_clicked"]);
    }

    [Theory]
    [InlineData("{\"name\":\"delete_everything\"}", "unknown_beacon_event")]
    [InlineData("{\"name\":42}", "invalid_beacon")]
    [InlineData("{}", "invalid_beacon")]
    [InlineData("not json", "invalid_beacon")]
    [InlineData("[\"view_room\"]", "invalid_beacon")]
    [InlineData("{\"name\":\"view_room\",\"sessionId\":\"../../etc\"}", "invalid_beacon")]
    public async Task Bad_beacons_get_400_with_a_stable_code(string body, string code)
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();
        using var response = await http.PostAsync("/api/beacon", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(code, await CodeOfAsync(response));
    }

    [Fact]
    public async Task Oversized_beacons_get_413_whether_or_not_they_declare_a_length()
    {
        await using var server = await StudioServer.StartAsync();
        using var http = server.CreateClient();
        var big = "{\"name\":\"view_room\",\"pad\":\"" + new string('x', 5000) + "\"}";

        using var declared = await http.PostAsync("/api/beacon", new StringContent(big, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("payload_too_large", await CodeOfAsync(declared));

        // Chunked: no Content-Length to refuse up front; the body is cut off while reading.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/beacon")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        // Just under the bound is fine.
        var fits = "{\"name\":\"view_room\",\"pad\":\"" + new string('x', 4000) + "\"}";
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync("/api/beacon", new StringContent(fits, Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Fact]
    public async Task A_flood_from_one_address_is_refused_with_429_and_retry_after()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Studio:Analytics:BeaconsPerMinute", "12"]);
        using var http = server.CreateClient();
        var accepted = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 40; i++)
        {
            var response = await http.PostAsync("/api/beacon", new StringContent("{\"name\":\"view_room\"}", Encoding.UTF8, "text/plain"));
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                accepted++;
                response.Dispose();
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                refused ??= response;
            }
        }

        // The bucket holds 12; at most one 10-second refill (2 more) can land while the loop runs.
        Assert.InRange(accepted, 12, 14);
        Assert.NotNull(refused);
        Assert.Equal("rate_limited", await CodeOfAsync(refused));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        refused.Dispose();

        var metrics = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));
        Assert.Equal(40 - accepted, metrics["studio_rate_limit_refusals_total"].Value("studio_rate_limit_refusals_total", ("scope", "beacon")));
        Assert.Equal(accepted, metrics["studio_beacons_total"].Value("studio_beacons_total", ("event", "view_room")));
    }

    private static async Task<string?> CodeOfAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString();
    }
}
