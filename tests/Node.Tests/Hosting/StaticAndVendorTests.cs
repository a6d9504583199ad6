using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorStudio.Node.Hosting;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Hosting;

public sealed partial class StaticAndVendorTests : IAsyncLifetime
{
    private StudioServer? _server;

    private StudioServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var nodeModules = Path.Combine(TestPaths.RepositoryRoot, "node_modules");
        Assert.True(Directory.Exists(Path.Combine(nodeModules, "@msgpack", "msgpack")),
            $"npm packages are missing under {nodeModules}: run `npm ci` (scripts/test.sh does).");
        _server = await StudioServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_landing_page_is_served_with_an_import_map_whose_every_entry_loads_as_javascript()
    {
        using var client = Server.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();

        var importMapJson = ImportMap().Match(html);
        Assert.True(importMapJson.Success, "index.html has no import map");
        using var map = JsonDocument.Parse(importMapJson.Groups[1].Value);
        var imports = map.RootElement.GetProperty("imports").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(["@msgpack/msgpack", "livekit-client", "uplot"], imports.Keys.Order(StringComparer.Ordinal).ToArray());

        foreach (var (name, url) in imports)
        {
            Assert.StartsWith("/vendor/", url, StringComparison.Ordinal);
            using var module = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(module.StatusCode == HttpStatusCode.OK, $"{name} -> {url} answered {(int)module.StatusCode}");
            Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
            Assert.Contains("export", await module.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/vendor/@msgpack/msgpack/dist.esm/encode.mjs", "text/javascript")]
    [InlineData("/vendor/uplot/dist/uPlot.min.css", "text/css")]
    [InlineData("/js/landing.js", "text/javascript")]
    [InlineData("/css/site.css", "text/css")]
    public async Task Allowed_files_are_served_with_their_content_type(string path, string mediaType)
    {
        using var client = Server.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/vendor/../package.json")]
    [InlineData("/vendor/%2e%2e/package.json")]
    [InlineData("/vendor/%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("/vendor/@msgpack/msgpack/../../s3rver/package.json")]
    [InlineData("/vendor/@msgpack/msgpack/..%2f..%2fs3rver%2fpackage.json")]
    [InlineData("/vendor/s3rver/package.json")]
    [InlineData("/vendor/s3rver/lib/s3rver.js")]
    [InlineData("/vendor/ws/index.js")]
    [InlineData("/vendor/livekit-server-sdk/package.json")]
    [InlineData("/vendor/@msgpack/msgpack/package.json")]
    [InlineData("/vendor/@msgpack/msgpack/README.md")]
    [InlineData("/vendor/@msgpack/msgpack/src/encode.ts")]
    [InlineData("/vendor/")]
    [InlineData("/node_modules/s3rver/package.json")]
    [InlineData("/package.json")]
    [InlineData("/../package.json")]
    public async Task Nothing_outside_the_allow_list_is_reachable(string rawTarget)
    {
        var status = await RawHttp.GetStatusAsync(Server.BaseAddress, rawTarget);

        Assert.True(status is 404 or 400, $"{rawTarget} answered {status}");
    }

    [Fact]
    public void The_allow_list_is_exactly_the_page_modules() =>
        Assert.Equal(["@msgpack/msgpack", "livekit-client", "uplot"], VendorModules.AllowedPackages);

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMap();
}
