using System.Diagnostics;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>SIGTERM tells the open sockets why they close (4030), and the node does not wait out its shutdown timeout.</summary>
public sealed class ShutdownCloseTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sigterm_closes_open_session_sockets_with_4030_and_the_node_exits_without_waiting_for_them(bool connectionLevel)
    {
        await using var node = await StudioProcess.StartAsync(new StudioProcessOptions { ExtraArgs = ["--Studio:ConnectionLevelSockets", connectionLevel ? "true" : "false"] });
        var api = new SessionHttp(node.CreateClient());
        var session = await api.CreateAsync();
        var joined = await api.JoinAsync(session.SessionId, session.ViewerCode, "Vee");
        await using var client = await SessionSocketClient.ConnectAsync(joined.WsUrl, joined.Token);
        await client.WaitForAsync<Welcome>();

        var stopping = Stopwatch.StartNew();
        var exit = node.StopAsync(TimeSpan.FromSeconds(60));
        var (code, reason) = await client.WaitClosedAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, await exit);

        Assert.Equal(CloseCodes.ServerShuttingDown, code);
        Assert.Contains("shutting down", reason, StringComparison.Ordinal);

        // Before the fix the socket held the host until its 30 s shutdown timeout aborted it (no close frame).
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(25), $"the node took {stopping.Elapsed} to stop\n{node.Describe()}");
    }
}
