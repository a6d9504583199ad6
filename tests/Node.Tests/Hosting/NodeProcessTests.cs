using System.Net;
using System.Text.Json;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Hosting;

/// <summary>The node as an operator runs it: a separate process, stdout redirected, signals.</summary>
public sealed class NodeProcessTests
{
    [Fact]
    public async Task Redirected_stdout_carries_one_json_object_per_line_with_structured_fields()
    {
        await using var node = await StudioProcess.StartAsync();
        using (var client = node.CreateClient())
        {
            using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var announcement = await WaitForLineAsync(node, l => l.Contains("ActorStudio is ready", StringComparison.Ordinal));
        Assert.True(node.StandardOutput.Count > 0);
        foreach (var line in node.StandardOutput)
        {
            using var parsed = JsonDocument.Parse(line); // throws, failing the test, on any non-JSON line
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
            Assert.True(parsed.RootElement.TryGetProperty("LogLevel", out _), line);
        }

        using var json = JsonDocument.Parse(announcement);
        var root = json.RootElement;
        Assert.Equal("ActorStudio.Node.Hosting.StartupAnnouncer", root.GetProperty("Category").GetString());
        var state = root.GetProperty("State");
        Assert.Equal(node.DataDirectory, state.GetProperty("DataDirectory").GetString());
        Assert.Equal(node.BaseAddress.ToString(), state.GetProperty("OpenUrl").GetString());
    }

    [Fact]
    public async Task Simple_log_format_can_be_forced()
    {
        await using var node = await StudioProcess.StartAsync(new StudioProcessOptions { ExtraArgs = ["--Studio:LogFormat", "simple"] });

        var line = await WaitForLineAsync(node, l => l.Contains("ActorStudio is ready", StringComparison.Ordinal));

        Assert.False(line.TrimStart().StartsWith('{'), line);
    }

    [Fact]
    public async Task Studio_data_dir_environment_variable_chooses_the_data_directory()
    {
        using var temp = new TempDirectory();
        var dataDir = Path.Combine(temp.Path, "env-data");
        await using var node = await StudioProcess.StartAsync(new StudioProcessOptions
        {
            DataDirectory = dataDir,
            PassDataDirectoryAsArgument = false,
            Environment = new Dictionary<string, string?> { ["STUDIO_DATA_DIR"] = dataDir },
        });

        var announcement = await WaitForLineAsync(node, l => l.Contains("ActorStudio is ready", StringComparison.Ordinal));

        Assert.True(Directory.Exists(dataDir));
        using var json = JsonDocument.Parse(announcement);
        Assert.Equal(dataDir, json.RootElement.GetProperty("State").GetProperty("DataDirectory").GetString());
    }

    [Fact]
    public async Task Data_dir_argument_wins_over_the_environment_variable()
    {
        using var temp = new TempDirectory();
        var fromArgument = Path.Combine(temp.Path, "arg");
        var fromEnvironment = Path.Combine(temp.Path, "env");
        await using var node = await StudioProcess.StartAsync(new StudioProcessOptions
        {
            DataDirectory = fromArgument,
            Environment = new Dictionary<string, string?> { ["STUDIO_DATA_DIR"] = fromEnvironment },
        });

        await WaitForLineAsync(node, l => l.Contains("ActorStudio is ready", StringComparison.Ordinal));

        Assert.True(Directory.Exists(fromArgument));
        Assert.False(Directory.Exists(fromEnvironment));
    }

    [Fact]
    public async Task A_killed_node_restarts_on_the_same_port_and_data_and_sigterm_exits_cleanly()
    {
        await using var first = await StudioProcess.StartAsync();
        var marker = Path.Combine(first.DataDirectory, "marker");
        await File.WriteAllTextAsync(marker, "still here");

        await first.KillAsync();
        Assert.Equal(137, first.ExitCode); // 128 + SIGKILL

        await using var second = await first.RestartAsync();
        Assert.Equal(first.Port, second.Port);
        Assert.Equal(first.DataDirectory, second.DataDirectory);
        Assert.True(File.Exists(marker));
        using (var client = second.CreateClient())
        {
            using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var exitCode = await second.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
    }

    private static async Task<string> WaitForLineAsync(StudioProcess node, Func<string, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            foreach (var line in node.StandardOutput)
            {
                if (match(line))
                {
                    return line;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("Expected log line not seen.\n" + node.Describe());
    }
}
