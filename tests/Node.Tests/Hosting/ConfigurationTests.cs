using ActorStudio.Node.Hosting;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Configuration;

namespace ActorStudio.Node.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void Data_dir_switch_maps_to_the_studio_section()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(StudioConfiguration.DataDirKey, "from-settings")]);

        configuration.AddStudioAliases(["--data-dir", "/srv/studio"]);

        Assert.Equal("/srv/studio", configuration[StudioConfiguration.DataDirKey]);
    }

    [Fact]
    public void Without_the_switch_the_section_value_stands()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(StudioConfiguration.DataDirKey, "from-settings")]);

        configuration.AddStudioAliases(["--urls", "http://127.0.0.1:6000"]);

        Assert.Equal("from-settings", configuration[StudioConfiguration.DataDirKey]);
        Assert.Equal("http://127.0.0.1:6000", configuration["urls"]);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080", true)]
    [InlineData("http_ports", "8080", true)]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:8080", true)]
    [InlineData("Studio:DataDir", "x", false)]
    public void Explicit_endpoints_are_detected(string key, string value, bool expected)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]);

        Assert.Equal(expected, StudioConfiguration.HasExplicitEndpoints(configuration));
    }

    [Theory]
    [InlineData("auto", true, true)]
    [InlineData("auto", false, false)]
    [InlineData("json", false, true)]
    [InlineData("simple", true, false)]
    [InlineData("JSON ", false, true)]
    [InlineData("nonsense", true, true)]
    public void Log_format_follows_the_setting_then_the_terminal(string format, bool redirected, bool json) =>
        Assert.Equal(json, StudioLogging.UseJson(format, redirected));

    [Fact]
    public void Relative_paths_resolve_against_the_working_directory_and_wwwroot_is_found_above_it()
    {
        var root = TestPaths.RepositoryRoot;
        var paths = StudioPaths.Resolve(new StudioOptions { DataDir = "data/x" }, Path.Combine(root, "src", "Node"), AppContext.BaseDirectory);

        Assert.Equal(Path.Combine(root, "src", "Node", "data", "x"), paths.DataDirectory);
        Assert.Equal(Path.Combine(root, "wwwroot"), paths.WebRoot);
        Assert.Equal(Path.Combine(root, "node_modules"), paths.NodeModules);
    }

    [Fact]
    public void Configured_web_root_and_modules_win_and_missing_ones_are_null()
    {
        using var temp = new TempDirectory();
        var paths = StudioPaths.Resolve(
            new StudioOptions { DataDir = temp.Path, WebRoot = Path.Combine(temp.Path, "nope"), NodeModules = Path.Combine(temp.Path, "none") },
            temp.Path,
            temp.Path);

        Assert.Equal(temp.Path, paths.DataDirectory);
        Assert.Null(paths.WebRoot);
        Assert.Null(paths.NodeModules);
    }

    [Fact]
    public void An_empty_data_dir_is_refused_clearly()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            StudioPaths.Resolve(new StudioOptions { DataDir = " " }, "/tmp", "/tmp"));
        Assert.Contains("--data-dir", error.Message, StringComparison.Ordinal);
    }
}
