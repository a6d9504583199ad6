using ActorStudio.LoadTester.Cli;
using ActorStudio.TestSupport;

namespace ActorStudio.LoadTester.Tests;

/// <summary>The whole load tester against a real ActorStudio node (Kestrel on loopback, SQLite in a temp directory).</summary>
public sealed class ActorStudioScenarioTests
{
    [Fact]
    public async Task TinyClassroomHasEveryMessageDeliveredOnceAndAWellFormedReport()
    {
        await using StudioServer server = await StudioServer.StartAsync();
        using var dir = new TempDirectory("lt-studio");
        string json = Path.Combine(dir.Path, "report.json");
        var options = new LoadTestOptions
        {
            Url = server.BaseAddress,
            Target = TargetKind.ActorStudio,
            Sessions = 1,
            Participants = 5,
            // Under the default per-participant chat limit (1/s, burst 5): nothing is refused.
            ChatRate = 4,
            DurationSeconds = 3,
            DrainSeconds = 5,
            JsonPath = json,
            Live = false,
        };

        int exit = await LoadTestApp.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);
        var report = ReportAssertions.AssertWellFormed(json, "actorstudio", 5);
        var deliveries = report.GetProperty("deliveries");
        long sent = deliveries.GetProperty("messagesSent").GetInt64();
        Assert.InRange(sent, 10, 13);
        Assert.Equal(0, deliveries.GetProperty("refused").GetInt64());
        Assert.Equal(sent * 5, deliveries.GetProperty("expected").GetInt64());
        Assert.Equal(sent * 5, deliveries.GetProperty("received").GetInt64());
        Assert.Equal(0, deliveries.GetProperty("lost").GetInt64());
        Assert.Equal(0, deliveries.GetProperty("duplicated").GetInt64());
        Assert.Equal(5, report.GetProperty("joins").GetProperty("succeeded").GetInt64());
        Assert.Equal(0, report.GetProperty("disconnects").GetInt64());
        Assert.Empty(report.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task ChurnedClientsResumeWithEveryMissedMessageExactlyOnce()
    {
        await using StudioServer server = await StudioServer.StartAsync();
        using var dir = new TempDirectory("lt-studio-churn");
        string json = Path.Combine(dir.Path, "report.json");
        var options = new LoadTestOptions
        {
            Url = server.BaseAddress,
            Participants = 8,
            ChatRate = 6,
            ChurnPerSecond = 3,
            DurationSeconds = 3,
            DrainSeconds = 5,
            JsonPath = json,
            Live = false,
        };

        int exit = await LoadTestApp.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);
        var report = ReportAssertions.AssertWellFormed(json, "actorstudio", 8);
        var resume = report.GetProperty("resume");
        Assert.True(resume.GetProperty("reconnects").GetInt64() >= 5, "churn should have cycled several sockets");
        Assert.Equal(0, resume.GetProperty("failures").GetInt64());
        Assert.Equal(0, resume.GetProperty("reconnectedWithLoss").GetInt32());
        Assert.Equal(0, resume.GetProperty("reconnectedWithDuplicates").GetInt32());
        Assert.Equal(0, report.GetProperty("deliveries").GetProperty("lost").GetInt64());
        Assert.Equal(0, report.GetProperty("deliveries").GetProperty("duplicated").GetInt64());

        // A drop that comes back to the same node resumes there: not a failover.
        Assert.Equal(0, report.GetProperty("failover").GetProperty("failovers").GetInt64());
        Assert.Equal(0, report.GetProperty("failover").GetProperty("rejoins").GetInt64());
    }

    [Fact]
    public async Task GenerationsAreAuditedInTheServersLibraryAfterTheRun()
    {
        await using StudioServer server = await StudioServer.StartAsync(extraArgs: ["--Studio:Images:Local:MedianLatency=00:00:00.200", "--Studio:Images:Local:Jitter=00:00:00"]);
        using var dir = new TempDirectory("lt-studio-library");
        string json = Path.Combine(dir.Path, "report.json");
        var options = new LoadTestOptions
        {
            Url = server.BaseAddress,
            Participants = 4,
            Roles = new Cli.RoleMix(1, 0),
            ChatRate = 1,
            GenerateRate = 1,
            DurationSeconds = 3,
            DrainSeconds = 10,
            JsonPath = json,
            Live = false,
        };

        int exit = await LoadTestApp.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);
        var report = ReportAssertions.AssertWellFormed(json, "actorstudio", 4);
        var generation = report.GetProperty("generation");
        var library = generation.GetProperty("library");
        long requested = generation.GetProperty("requested").GetInt64();
        Assert.True(requested >= 2, $"only {requested} generations were accepted");
        Assert.Equal(requested, library.GetProperty("generations").GetInt64());
        Assert.Equal(requested * 4, library.GetProperty("stored").GetInt64());
        Assert.Equal(0, library.GetProperty("failed").GetInt64());
        Assert.Equal(0, library.GetProperty("unfinished").GetInt64());
        Assert.Equal(0, library.GetProperty("unreadable").GetInt32());
        Assert.Equal(4, library.GetProperty("requesters").GetInt32());
    }

    [Fact]
    public async Task WrongServerKindIsReportedAsJoinsRefused()
    {
        // The SignalR driver against an ActorStudio node: the hub path is not there, so no participant can join.
        await using StudioServer server = await StudioServer.StartAsync();
        var options = new LoadTestOptions
        {
            Url = server.BaseAddress,
            Target = TargetKind.SignalR,
            Participants = 2,
            DurationSeconds = 1,
            Live = false,
        };

        int exit = await LoadTestApp.RunAsync(options, CancellationToken.None);

        Assert.Equal(3, exit);
    }
}
