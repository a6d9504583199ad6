using System.Net;
using System.Text.Json;
using ActorStudio.Node.Hosting;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Hosting;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_answers_200_json()
    {
        await using var server = await StudioServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_is_ready_and_lists_the_data_directory_journal_and_storage_checks()
    {
        await using var server = await StudioServer.StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ready").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["data-directory"] = true, ["journal"] = true, ["storage"] = true }, checks);
    }

    [Fact]
    public async Task Readyz_is_503_naming_storage_when_the_blob_directory_is_gone_and_cannot_be_made_again()
    {
        using var blobs = new TempDirectory("readyz-blobs");
        var root = Path.Combine(blobs.Path, "root");
        await using var server = await StudioServer.StartAsync(extraArgs: ["--Studio:Storage:Local:Root=" + root]);
        using var client = server.CreateClient();
        using (var before = await client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // A file where the blob directory was: nothing can be stored until an operator fixes it.
        Directory.Delete(root, recursive: true);
        await File.WriteAllTextAsync(root, "not a directory");

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var states = body.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ready").GetBoolean());
        Assert.False(states["storage"]);
        Assert.True(states["journal"]);
    }

    [Fact]
    public async Task Readyz_answers_503_problem_naming_the_failing_check()
    {
        await using var server = await StudioServer.StartAsync(configureServices: b =>
        {
            b.Services.AddReadinessCheck(new FixedReadinessCheck("fake-journal", ReadinessResult.NotReady("database is locked")));
            b.Services.AddReadinessCheck(new FixedReadinessCheck("blob-storage", ReadinessResult.Ready()));
        });
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("not_ready", root.GetProperty("code").GetString());
        Assert.Equal(503, root.GetProperty("status").GetInt32());
        Assert.Contains("fake-journal: database is locked", root.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("blob-storage", root.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var states = root.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ready").GetBoolean());
        Assert.False(states["fake-journal"]);
        Assert.True(states["journal"]);
        Assert.True(states["blob-storage"]);
        Assert.True(states["data-directory"]);
    }

    [Fact]
    public async Task Readyz_counts_a_throwing_check_and_a_hanging_check_as_failed()
    {
        await using var server = await StudioServer.StartAsync(
            extraArgs: ["--Studio:ReadinessTimeout=00:00:00.300"],
            configureServices: b =>
            {
                b.Services.AddReadinessCheck(new ThrowingReadinessCheck("storage"));
                b.Services.AddReadinessCheck(new HangingReadinessCheck("journal"));
            });
        using var client = server.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = body.RootElement.GetProperty("detail").GetString();
        Assert.Contains("storage: InvalidOperationException: connection refused by test", detail, StringComparison.Ordinal);
        Assert.Contains("journal: timed out", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_fails_when_the_data_directory_is_no_longer_writable()
    {
        await using var server = await StudioServer.StartAsync();
        using var client = server.CreateClient();
        using (var before = await client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Running as root defeats chmod, so replace the directory with a plain file.
        Directory.Delete(server.DataDirectory, recursive: true);
        await File.WriteAllTextAsync(server.DataDirectory, "not a directory");
        try
        {
            using var after = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
            using var body = JsonDocument.Parse(await after.Content.ReadAsStringAsync());
            Assert.Contains("data-directory:", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(server.DataDirectory);
            Directory.CreateDirectory(server.DataDirectory);
        }
    }

    [Fact]
    public async Task The_data_directory_is_created_at_start()
    {
        using var parent = new TempDirectory();
        var nested = Path.Combine(parent.Path, "a", "b", "data");

        await using var server = await StudioServer.StartAsync(dataDirectory: nested);

        Assert.True(Directory.Exists(nested));
        Assert.Equal(nested, server.Services.GetRequiredService<StudioPaths>().DataDirectory);
        var configured = server.Services.GetRequiredService<IConfiguration>()[StudioConfiguration.DataDirKey];
        Assert.Equal(nested, configured);
    }
}
