using System.Globalization;
using ActorStudio.LoadTester.Metrics;
using ActorStudio.LoadTester.Scenario;
using Spectre.Console;

namespace ActorStudio.LoadTester.Reporting;

/// <summary>
/// Progress while the run goes: a live Spectre table on a terminal, or one plain line every few
/// seconds on stderr when the output is redirected (scripts, CI).
/// </summary>
public static class LiveProgress
{
    public static async Task<T> RunAsync<T>(ScenarioRunner runner, bool interactive, Func<Task<T>> run)
    {
        Task<T> work = run();
        if (interactive)
        {
            await AnsiConsole.Live(Render(runner)).AutoClear(false).StartAsync(async context =>
            {
                while (!work.IsCompleted)
                {
                    context.UpdateTarget(Render(runner));
                    await Task.WhenAny(work, Task.Delay(500)).ConfigureAwait(false);
                }

                context.UpdateTarget(Render(runner));
            }).ConfigureAwait(false);
        }
        else
        {
            string phase = runner.Phase;
            long lastLine = Environment.TickCount64;
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(250)).ConfigureAwait(false);
                bool phaseChanged = runner.Phase != phase;
                if (!work.IsCompleted && (phaseChanged || Environment.TickCount64 - lastLine >= 5000))
                {
                    phase = runner.Phase;
                    lastLine = Environment.TickCount64;
                    await Console.Error.WriteLineAsync(Line(runner)).ConfigureAwait(false);
                }
            }
        }

        return await work.ConfigureAwait(false);
    }

    private static Table Render(ScenarioRunner runner)
    {
        RunCounters c = runner.Counters;
        var table = new Table().Border(TableBorder.Simple).HideHeaders();
        table.AddColumn("k");
        table.AddColumn("v");
        table.AddRow("phase", Markup.Escape(runner.Phase) + $" ({runner.Clock.ElapsedSeconds:0}s)");
        table.AddRow("joined", $"{c.JoinsSucceeded}/{runner.ParticipantsTotal} (failed {c.JoinsFailed})");
        table.AddRow("sent / expected / received", $"{c.ChatSent:N0} / {c.Expected:N0} / {c.Received:N0}");
        table.AddRow("latency p50 / p99 ms", $"{Ms(c.Delivery.ValueAtPercentile(50))} / {Ms(c.Delivery.ValueAtPercentile(99))}");
        table.AddRow("drops / reconnects", $"{c.Drops} / {c.Reconnects}");
        table.AddRow("errors", c.Errors.IsEmpty ? "0" : Markup.Escape(string.Join(", ", c.Errors.Select(e => $"{e.Key}={e.Value}"))));
        return table;
    }

    private static string Line(ScenarioRunner runner)
    {
        RunCounters c = runner.Counters;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{runner.Clock.ElapsedSeconds,5:0}s] {runner.Phase}: joined {c.JoinsSucceeded}/{runner.ParticipantsTotal}, sent {c.ChatSent}, received {c.Received}/{c.Expected}, p99 {Ms(c.Delivery.ValueAtPercentile(99))} ms, drops {c.Drops}, errors {c.Errors.Values.Sum()}");
    }

    private static string Ms(long micros) => (micros / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);
}
