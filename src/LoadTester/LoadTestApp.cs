using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Reporting;
using ActorStudio.LoadTester.Scenario;
using ActorStudio.LoadTester.Targets;
using ActorStudio.LoadTester.Targets.ActorStudio;
using ActorStudio.LoadTester.Targets.SignalR;
using Spectre.Console;

namespace ActorStudio.LoadTester;

/// <summary>Wires one run: the target driver, the scenario, live progress, the summary and the report files.</summary>
public static class LoadTestApp
{
    public static async Task<int> RunAsync(LoadTestOptions options, CancellationToken cancellationToken)
    {
        // Thousands of sockets connect at once during the ramp; do not make them wait for thread-pool growth.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));

        await using ITargetDriver driver = options.Target switch
        {
            TargetKind.SignalR => new SignalRDriver(options.Url),
            _ => new ActorStudioDriver(options.Urls),
        };

        var runner = new ScenarioRunner(options, driver);
        bool interactive = options.Live && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        ScenarioResult result = await LiveProgress.RunAsync(runner, interactive, () => runner.RunAsync(cancellationToken)).ConfigureAwait(false);
        if (result.Report is { } report)
        {
            ConsoleSummary.Write(AnsiConsole.Console, report);
            if (options.JsonPath is { } json)
            {
                await JsonReportWriter.WriteAsync(report, json, cancellationToken).ConfigureAwait(false);
            }

            if (options.HtmlPath is { } html)
            {
                await HtmlReportWriter.WriteAsync(report, html, cancellationToken).ConfigureAwait(false);
            }
        }

        if (result.Failure is { } failure)
        {
            await Console.Error.WriteLineAsync("load test could not run: " + failure).ConfigureAwait(false);
        }

        return result.ExitCode;
    }
}
