using System.Globalization;
using System.Net;
using System.Text;

namespace ActorStudio.LoadTester.Reporting;

/// <summary>
/// The --html report: one self-contained page (inline CSS and SVG, no scripts, no network) with the
/// headline figures, latency over time, the latency histogram and the full JSON for reference.
/// </summary>
public static class HtmlReportWriter
{
    public static string Render(LoadTestReport report)
    {
        var html = new StringBuilder();
        string title = $"ActorStudio load test: {report.Target}, {report.Participants} participants";
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:960px;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}th{background:#f3f3f3}.bad{color:#b00020;font-weight:bold}.good{color:#1b7f3b}pre{background:#f7f7f7;padding:1rem;overflow:auto;font-size:12px}</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        html.Append("<p>").Append(E($"{report.Url} · started {report.StartedAt:u} · {report.Sessions} session(s) × {report.ParticipantsPerSession} · chat {report.Rates.ChatPerSessionPerS}/s per session · measured {report.DurationS} s")).Append("</p>");

        html.Append("<table><tr><th>figure</th><th>value</th></tr>");
        Row(html, "deliveries expected / received", $"{report.Deliveries.Expected:N0} / {report.Deliveries.Received:N0}");
        Row(html, "lost / duplicated", $"{report.Deliveries.Lost:N0} / {report.Deliveries.Duplicated:N0}", report.Deliveries.Lost > 0 || report.Deliveries.Duplicated > 0);
        Row(html, "deliveries per second", report.Deliveries.PerSecond.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "deliveries per frame", report.Deliveries.DeliveriesPerFrame.ToString("0.00", CultureInfo.InvariantCulture));
        Row(html, "latency p50 / p90 / p99 / max (ms)", $"{report.LatencyMs.P50} / {report.LatencyMs.P90} / {report.LatencyMs.P99} / {report.LatencyMs.Max}");
        Row(html, "join p50 / p99 (ms)", $"{report.JoinMs.P50} / {report.JoinMs.P99}");
        Row(html, "joins ok / failed", $"{report.Joins.Succeeded} / {report.Joins.Failed}", report.Joins.Failed > 0);
        Row(html, "disconnects / connection failures", $"{report.Disconnects} / {report.ConnectionFailures}", report.Disconnects > 0 || report.ConnectionFailures > 0);
        if (report.Resume.Reconnects > 0)
        {
            Row(html, "reconnects (with loss / duplicates)", $"{report.Resume.Reconnects} ({report.Resume.ReconnectedWithLoss} / {report.Resume.ReconnectedWithDuplicates})", report.Resume.ReconnectedWithLoss > 0 || report.Resume.ReconnectedWithDuplicates > 0);
        }

        if (report.Failover.Failovers + report.Failover.RejoinFailures > 0)
        {
            Row(html, "failovers (participants) / lost→welcome p50 / max (ms)", $"{report.Failover.Failovers} ({report.Failover.ParticipantsFailedOver}) / {report.Failover.LostToWelcomeMs.P50} / {report.Failover.LostToWelcomeMs.Max}");
        }

        if (report.SlowConsumers.Count > 0)
        {
            Row(html, "slow consumers disconnected", $"{report.SlowConsumers.Disconnected} of {report.SlowConsumers.Count}: {string.Join(", ", report.SlowConsumers.Reasons.Select(r => $"{r.Key} ×{r.Value}"))}");
        }

        if (report.Generation.Requested > 0)
        {
            Row(html, "generations (first / fourth variant p50, ms)", $"{report.Generation.Completed}/{report.Generation.Requested} ({report.Generation.FirstVariantMs.P50} / {report.Generation.FourthVariantMs.P50})");
            if (report.Generation.Library is { } library)
            {
                Row(html, "library variants stored / failed / unfinished", $"{library.Stored} / {library.Failed} / {library.Unfinished}", library.Unfinished + library.Unreadable > 0);
            }
        }

        if (report.Server is { } server)
        {
            Row(html, "server CPU s / per million deliveries", $"{server.CpuSeconds} / {server.CpuSecondsPerMillionDeliveries?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}");
            Row(html, "server peak RSS / per connection", $"{server.PeakRssBytes / 1048576.0:0.0} MiB / {(server.RssPerConnectionBytes is { } per ? (per / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB" : "n/a")}");
        }

        Row(html, "load tester CPU (% of one core)", report.LoadTester.CpuPercentOfOneCore.ToString(CultureInfo.InvariantCulture));
        foreach (KeyValuePair<string, long> error in report.Errors)
        {
            Row(html, "error " + error.Key, error.Value.ToString(CultureInfo.InvariantCulture), bad: true);
        }

        html.Append("</table>");
        foreach (string note in report.Notes)
        {
            html.Append("<p><em>").Append(E(note)).Append("</em></p>");
        }

        var xs = report.Timeline.Select(p => (double)p.Second).ToList();
        html.Append("<h2>Delivery latency over time</h2>");
        html.Append(SvgPlot.Lines(
            "delivery latency per second",
            "seconds since start",
            "ms",
            xs,
            [
                ("p50", "#4c78a8", report.Timeline.Select(p => p.P50Ms).ToList()),
                ("p99", "#f58518", report.Timeline.Select(p => p.P99Ms).ToList()),
                ("max", "#e45756", report.Timeline.Select(p => p.MaxMs).ToList()),
            ]));
        html.Append("<h2>Deliveries per second</h2>");
        html.Append(SvgPlot.Lines("deliveries per second", "seconds since start", "deliveries", xs, [("deliveries", "#54a24b", report.Timeline.Select(p => (double)p.Count).ToList())]));
        html.Append("<h2>Latency histogram</h2>");
        html.Append(SvgPlot.Histogram("delivery latency histogram", report.Histogram));
        html.Append("<h2>Full report</h2><pre>").Append(E(JsonReportWriter.Serialize(report))).Append("</pre></body></html>");
        return html.ToString();
    }

    public static Task WriteAsync(LoadTestReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Render(report), Encoding.UTF8, cancellationToken);

    private static void Row(StringBuilder html, string name, string value, bool bad = false) =>
        html.Append("<tr><td>").Append(E(name)).Append("</td><td").Append(bad ? " class=\"bad\"" : string.Empty).Append('>').Append(E(value)).Append("</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
