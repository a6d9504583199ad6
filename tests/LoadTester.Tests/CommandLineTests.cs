using ActorStudio.LoadTester.Cli;

namespace ActorStudio.LoadTester.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void DefaultsDescribeASmallActorStudioRun()
    {
        LoadTestOptions? options = new LoadTesterCommand().TryParse([], out IReadOnlyList<string> errors);
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(TargetKind.ActorStudio, options.Target);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), options.Url);
        Assert.Equal(1, options.Sessions);
        Assert.Null(options.JsonPath);
        Assert.True(options.Live);
    }

    [Fact]
    public void EveryOptionOfTheIssueIsUnderstood()
    {
        LoadTestOptions? options = new LoadTesterCommand().TryParse(
        [
            "--url", "http://10.0.0.5:8080", "--target", "signalr", "--sessions", "50", "--participants", "100",
            "--roles", "collaborator=30,viewer=70", "--chat-rate", "20", "--generate-rate", "0.5", "--favorite-rate", "0.25",
            "--duration", "60", "--ramp", "300", "--slow-consumers", "10", "--churn", "50", "--json", "out.json", "--html", "out.html",
            "--server-pid", "1234", "--warmup", "3", "--drain", "5", "--message-bytes", "128", "--no-live", "--seed", "9",
        ], out IReadOnlyList<string> errors);
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(new Uri("http://10.0.0.5:8080"), options.Url);
        Assert.Equal(TargetKind.SignalR, options.Target);
        Assert.Equal(50, options.Sessions);
        Assert.Equal(100, options.Participants);
        Assert.Equal(5000, options.TotalParticipants);
        Assert.Equal(new RoleMix(30, 70), options.Roles);
        Assert.Equal(20, options.ChatRate);
        Assert.Equal(0.5, options.GenerateRate);
        Assert.Equal(0.25, options.FavoriteRate);
        Assert.Equal(60, options.DurationSeconds);
        Assert.Equal(300, options.RampPerSecond);
        Assert.Equal(10, options.SlowConsumers);
        Assert.Equal(50, options.ChurnPerSecond);
        Assert.Equal("out.json", options.JsonPath);
        Assert.Equal("out.html", options.HtmlPath);
        Assert.Equal(1234, options.ServerPid);
        Assert.Equal(3, options.WarmupSeconds);
        Assert.Equal(5, options.DrainSeconds);
        Assert.Equal(128, options.MessageBytes);
        Assert.False(options.Live);
        Assert.Equal(9, options.Seed);
    }

    [Fact]
    public void UrlGivenSeveralTimesOrAsACommaListNamesEveryNodeOfACluster()
    {
        LoadTestOptions? repeated = new LoadTesterCommand().TryParse(
            ["--url", "http://127.0.0.1:5001", "--url", "http://127.0.0.1:5002,http://127.0.0.1:5003"], out IReadOnlyList<string> errors);
        Assert.Empty(errors);
        Assert.NotNull(repeated);
        Assert.Equal(["http://127.0.0.1:5001/", "http://127.0.0.1:5002/", "http://127.0.0.1:5003/"], repeated.Urls.Select(u => u.ToString()));
        Assert.Equal(new Uri("http://127.0.0.1:5001"), repeated.Url);

        LoadTestOptions? single = new LoadTesterCommand().TryParse(["--url", "http://127.0.0.1:6000"], out errors);
        Assert.Empty(errors);
        Assert.Equal([new Uri("http://127.0.0.1:6000")], single!.Urls);

        new LoadTesterCommand().TryParse(["--url", "http://127.0.0.1:5001,not a url"], out errors);
        Assert.Contains(errors, e => e.Contains("--url", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--target", "orleans", "--target")]
    [InlineData("--url", "not a url", "--url")]
    [InlineData("--url", "ftp://host/", "--url")]
    [InlineData("--chat-rate", "-1", "--chat-rate")]
    [InlineData("--duration", "0", "--duration")]
    [InlineData("--participants", "0", "--participants")]
    [InlineData("--message-bytes", "10", "--message-bytes")]
    [InlineData("--roles", "admin=5", "--roles")]
    [InlineData("--roles", "viewer=0,collaborator=0", "--roles")]
    [InlineData("--sessions", "many", "many")]
    public void BadValuesAreRefusedWithAMessageNamingTheOption(string option, string value, string mentioned)
    {
        LoadTestOptions? options = new LoadTesterCommand().TryParse([option, value], out IReadOnlyList<string> errors);
        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains(mentioned, StringComparison.Ordinal));
    }

    [Fact]
    public void RoleMixPutsTheHostFirstAndSpreadsTheRest()
    {
        Assert.True(RoleMix.TryParse("collaborator=20,viewer=80", out RoleMix mix, out _));
        var roles = Enumerable.Range(0, 101).Select(mix.RoleOf).ToList();
        Assert.Equal(ParticipantRole.Host, roles[0]);
        Assert.Equal(1, roles.Count(r => r == ParticipantRole.Host));
        Assert.Equal(20, roles.Count(r => r == ParticipantRole.Collaborator));
        Assert.Equal(80, roles.Count(r => r == ParticipantRole.Viewer));
    }

    [Fact]
    public void RoleMixAcceptsPercentSignsAndPlurals()
    {
        Assert.True(RoleMix.TryParse("collaborators=50%, viewers=50%", out RoleMix mix, out string? error), error);
        Assert.Equal(new RoleMix(50, 50), mix);
    }
}
