using ActorStudio.LoadTester.Cli;
using ActorStudio.SignalRBaseline;
using ActorStudio.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace ActorStudio.LoadTester.Tests;

/// <summary>The whole load tester against the real SignalR baseline hub, in this process on a loopback port.</summary>
public sealed class SignalRBaselineScenarioTests
{
    [Fact]
    public async Task TinyClassroomHasEveryMessageDeliveredOnceAndAWellFormedReport()
    {
        await using WebApplication server = BaselineApp.Create(["--urls", "http://127.0.0.1:0"]);
        await server.StartAsync();
        using var dir = new TempDirectory("lt-signalr");
        string json = Path.Combine(dir.Path, "report.json");
        string html = Path.Combine(dir.Path, "report.html");
        var options = new LoadTestOptions
        {
            Url = new Uri(server.Urls.First()),
            Target = TargetKind.SignalR,
            Sessions = 1,
            Participants = 5,
            ChatRate = 10,
            DurationSeconds = 3,
            DrainSeconds = 5,
            ServerPid = Environment.ProcessId,
            JsonPath = json,
            HtmlPath = html,
            Live = false,
        };

        int exit = await LoadTestApp.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);
        var report = ReportAssertions.AssertWellFormed(json, "signalr", 5);
        var deliveries = report.GetProperty("deliveries");
        long sent = deliveries.GetProperty("messagesSent").GetInt64();
        Assert.InRange(sent, 25, 31);
        // Everyone in the group, sender included, gets every message exactly once.
        Assert.Equal(sent * 5, deliveries.GetProperty("expected").GetInt64());
        Assert.Equal(sent * 5, deliveries.GetProperty("received").GetInt64());
        Assert.Equal(0, deliveries.GetProperty("lost").GetInt64());
        Assert.Equal(0, deliveries.GetProperty("duplicated").GetInt64());
        Assert.Equal(5, report.GetProperty("joins").GetProperty("succeeded").GetInt64());
        Assert.Equal(0, report.GetProperty("disconnects").GetInt64());
        Assert.True(report.GetProperty("server").GetProperty("cpuSeconds").GetDouble() >= 0);

        string page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ChurnedSignalRClientsRejoinAndTheReportSaysWhyTheyLostMessages()
    {
        await using WebApplication server = BaselineApp.Create(["--urls", "http://127.0.0.1:0"]);
        await server.StartAsync();
        using var dir = new TempDirectory("lt-signalr-churn");
        string json = Path.Combine(dir.Path, "report.json");
        var options = new LoadTestOptions
        {
            Url = new Uri(server.Urls.First()),
            Target = TargetKind.SignalR,
            Participants = 6,
            ChatRate = 20,
            ChurnPerSecond = 2,
            DurationSeconds = 3,
            JsonPath = json,
            Live = false,
        };

        int exit = await LoadTestApp.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);
        var report = ReportAssertions.AssertWellFormed(json, "signalr", 6);
        Assert.True(report.GetProperty("resume").GetProperty("reconnects").GetInt64() >= 3);
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("no resume", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreachableServerExitsNonZero()
    {
        int port = FreePort.Next();
        var options = new LoadTestOptions
        {
            Url = new Uri($"http://127.0.0.1:{port}"),
            Target = TargetKind.SignalR,
            Participants = 2,
            DurationSeconds = 1,
            Live = false,
        };

        int exit = await LoadTestApp.RunAsync(options, CancellationToken.None);

        Assert.Equal(2, exit);
    }
}
