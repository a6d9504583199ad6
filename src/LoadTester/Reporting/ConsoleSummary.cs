using System.Globalization;
using Spectre.Console;

namespace ActorStudio.LoadTester.Reporting;

/// <summary>The one-screen summary printed at the end of a run.</summary>
public static class ConsoleSummary
{
    public static void Write(IAnsiConsole console, LoadTestReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(report.Target)}[/]: {report.Sessions} × {report.ParticipantsPerSession} participants, {report.DurationS.ToString("0.#", CultureInfo.InvariantCulture)} s");
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        Add(table, "deliveries expected", $"{report.Deliveries.Expected:N0}");
        Add(table, "deliveries received", $"{report.Deliveries.Received:N0}");
        Add(table, "lost / duplicated", $"{report.Deliveries.Lost:N0} / {report.Deliveries.Duplicated:N0}", report.Deliveries.Lost + report.Deliveries.Duplicated > 0);
        Add(table, "deliveries/s", report.Deliveries.PerSecond.ToString("N0", CultureInfo.InvariantCulture));
        Add(table, "deliveries per frame", report.Deliveries.DeliveriesPerFrame.ToString("0.00", CultureInfo.InvariantCulture));
        Add(table, "latency p50 / p90 / p99 / max ms", $"{report.LatencyMs.P50} / {report.LatencyMs.P90} / {report.LatencyMs.P99} / {report.LatencyMs.Max}");
        Add(table, "join p50 / p99 ms", $"{report.JoinMs.P50} / {report.JoinMs.P99}");
        Add(table, "joins ok / failed", $"{report.Joins.Succeeded} / {report.Joins.Failed}", report.Joins.Failed > 0);
        Add(table, "disconnects / connect failures", $"{report.Disconnects} / {report.ConnectionFailures}", report.Disconnects + report.ConnectionFailures > 0);
        if (report.Resume.Reconnects + report.Resume.Failures > 0)
        {
            Add(table, "reconnects ok / failed", $"{report.Resume.Reconnects} / {report.Resume.Failures}", report.Resume.Failures > 0);
            if (report.Resume.SnapshotFallbacks > 0)
            {
                Add(table, "resumes answered by a snapshot (chat repeated in it)", $"{report.Resume.SnapshotFallbacks} ({report.Resume.SnapshotRepeats})");
            }

            Add(table, "reconnected with loss / dups", $"{report.Resume.ReconnectedWithLoss} / {report.Resume.ReconnectedWithDuplicates}", report.Resume.ReconnectedWithLoss + report.Resume.ReconnectedWithDuplicates > 0);
        }

        if (report.Failover.Failovers + report.Failover.RejoinFailures > 0)
        {
            Add(table, "failovers (participants)", $"{report.Failover.Failovers} ({report.Failover.ParticipantsFailedOver})");
            Add(table, "failover lost→welcome p50 / max ms", $"{report.Failover.LostToWelcomeMs.P50} / {report.Failover.LostToWelcomeMs.Max}");
            Add(table, "rejoins ok / failed tries", $"{report.Failover.Rejoins} / {report.Failover.RejoinFailures}");
        }

        if (report.SlowConsumers.Count > 0)
        {
            Add(table, "slow consumers disconnected", $"{report.SlowConsumers.Disconnected} of {report.SlowConsumers.Count}");
        }

        if (report.Generation.Requested > 0)
        {
            Add(table, "generations done / asked", $"{report.Generation.Completed} / {report.Generation.Requested}");
            Add(table, "first / fourth variant p50 ms", $"{report.Generation.FirstVariantMs.P50} / {report.Generation.FourthVariantMs.P50}");
            if (report.Generation.Library is { } library)
            {
                Add(table, "library: stored / failed / unfinished", $"{library.Stored} / {library.Failed} / {library.Unfinished}", library.Unfinished + library.Unreadable > 0);
            }
        }

        if (report.Server is { } server)
        {
            Add(table, "server CPU s (per M deliveries)", $"{server.CpuSeconds} ({server.CpuSecondsPerMillionDeliveries?.ToString(CultureInfo.InvariantCulture) ?? "n/a"})");
            Add(table, "server peak RSS MiB", (server.PeakRssBytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture));
            Add(table, "server RSS per connection KiB", server.RssPerConnectionBytes is { } per ? (per / 1024).ToString("0.0", CultureInfo.InvariantCulture) : "n/a");
        }

        Add(table, "load tester CPU % of a core", report.LoadTester.CpuPercentOfOneCore.ToString(CultureInfo.InvariantCulture));
        foreach (KeyValuePair<string, long> error in report.Errors)
        {
            Add(table, "error " + error.Key, error.Value.ToString(CultureInfo.InvariantCulture), bad: true);
        }

        console.Write(table);
        foreach (string note in report.Notes)
        {
            console.MarkupLine("[grey]note:[/] " + Markup.Escape(note));
        }
    }

    private static void Add(Table table, string name, string value, bool bad = false) =>
        table.AddRow(Markup.Escape(name), bad ? $"[red]{Markup.Escape(value)}[/]" : Markup.Escape(value));
}
