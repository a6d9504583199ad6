using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorStudio.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorStudio.Node.Tests.Hosting;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private const string SecretMessage = "secret internals 7f3a";
    private StudioServer? _server;

    private StudioServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        _server = await StudioServer.StartAsync(configureEndpoints: app =>
        {
            app.MapGet("/test/throw", string () => throw new InvalidOperationException(SecretMessage));
            app.MapPost("/test/echo", (EchoBody body) => Results.Ok(body));
        });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unhandled_exception_becomes_500_problem_json_with_a_stable_code_and_no_internals()
    {
        using var client = Server.CreateClient();

        using var response = await client.GetAsync(new Uri("/test/throw", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SecretMessage, text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("internal_error", body.RootElement.GetProperty("code").GetString());
        Assert.Equal(500, body.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task The_node_keeps_serving_after_an_unhandled_exception()
    {
        using var client = Server.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var failing = await client.GetAsync(new Uri("/test/throw", UriKind.Relative));
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        }

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_unknown_api_path_is_404_problem_json()
    {
        using var client = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nothing-here");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not_found", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_405_problem_json()
    {
        using var client = Server.CreateClient();

        using var response = await client.PostAsync(new Uri("/healthz", UriKind.Relative), new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("method_not_allowed", body.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{\"text\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"text\": 12}")]
    public async Task A_malformed_json_body_is_400_problem_json(string json)
    {
        using var client = Server.CreateClient();

        using var response = await client.PostAsync(
            new Uri("/test/echo", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_request", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_well_formed_body_reaches_the_endpoint()
    {
        using var client = Server.CreateClient();

        using var response = await client.PostAsync(
            new Uri("/test/echo", UriKind.Relative), new StringContent("{\"text\":\"hi\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"hi\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal sealed record EchoBody(string Text);
}
