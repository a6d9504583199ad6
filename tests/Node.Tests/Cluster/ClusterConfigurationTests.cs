using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>The one mode switch refuses what it cannot run, with a message that says what is missing.</summary>
public sealed class ClusterConfigurationTests
{
    [Theory]
    [InlineData("--Studio:Mode=cluster", "Studio:Postgres:ConnectionString")]
    [InlineData("--Studio:Mode=galaxy", "must be 'embedded' or 'cluster'")]
    public async Task A_node_with_an_incomplete_or_unknown_mode_does_not_start_and_says_why(string modeArg, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StudioProcess.StartAsync(new StudioProcessOptions { ExtraArgs = [modeArg] }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_mode_without_a_public_url_does_not_start()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StudioProcess.StartAsync(new StudioProcessOptions
        {
            ExtraArgs = ["--Studio:Mode=cluster", "--Studio:Postgres:ConnectionString=Host=127.0.0.1;Port=1;Database=x"],
        }));
        Assert.Contains("Studio:Cluster:PublicUrl", error.Message, StringComparison.Ordinal);
    }
}
